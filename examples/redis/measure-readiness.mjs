// How long Redis takes to be ready under dt, next to Redis started by hand and polled the same way.
// Run after a build: node examples/redis/measure-readiness.mjs [runs]   (prints medians; needs redis-server)
// Each run copies this directory to a temp scan directory with a free port, then times
//   startTree() -> waitAllReady()   (redis + its multilog logger; readiness from the redis-cli ping poller)
//   tree.stop()                      (the orderly stop: redis TERM, then its logger to EOF)
//   redis-server spawned directly -> first PONG from redis-cli ping, polled every 50 ms like the poller.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTree } from '../../packages/scanner/dist/index.js';

const runs = Number(process.argv[2] ?? 9);
const here = fileURLToPath(new URL('.', import.meta.url));
process.env.DT_HOME ??= fileURLToPath(new URL('../..', import.meta.url)); // the copies' log/run finds our multilog there
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const ready = [];
const stop = [];
const direct = [];
for (let i = 0; i < runs; i++) {
  const scan = mkdtempSync(join(tmpdir(), 'dt-redis-measure-'));
  try {
    cpSync(here, join(scan, 'redis'), { recursive: true, filter: (src) => !/\/(supervise|main)$/.test(src) });
    writeFileSync(join(scan, 'redis', 'port'), `${await freePort()}\n`);
    const t0 = performance.now();
    const tree = await startTree(scan);
    await tree.waitAllReady({ timeout: 30_000 });
    ready.push(performance.now() - t0);
    const t1 = performance.now();
    await tree.stop();
    stop.push(performance.now() - t1);
  } finally {
    rmSync(scan, { recursive: true, force: true });
  }

  const port = String(await freePort());
  const t2 = performance.now();
  const redis = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  while (spawnSync('redis-cli', ['-p', port, 'ping']).stdout.toString().trim() !== 'PONG') {
    await new Promise((r) => setTimeout(r, 50));
  }
  direct.push(performance.now() - t2);
  const gone = new Promise((r) => redis.once('exit', r));
  redis.kill('SIGTERM');
  await gone;
}
const show = (what, a) => console.log(`${what.padEnd(52)} median ${median(a).toFixed(0).padStart(5)} ms   [${a.map((x) => x.toFixed(0)).join(' ')}]`);
console.log(`examples/redis, ${runs} runs`);
show('dt: startTree -> waitAllReady (redis + logger)', ready);
show('redis-server by hand -> first PONG (50 ms poll)', direct);
show('dt: tree.stop(), the orderly stop', stop);
