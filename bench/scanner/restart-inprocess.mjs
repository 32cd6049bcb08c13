// One Supervisor in this process, N kill -9 → restart cycles of a `sleep` service: prints the supervisor's
// CPU per cycle (process.cpuUsage) and the wall time from the kill to the `start` event (decision 0018).
// Repeatable where the side-by-side bench is noisy; run it under `strace -f` to count the syscalls on
// the restart path. Usage: node bench/scanner/restart-inprocess.mjs [--cycles 10] [--scanner PATH/index.js]
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { arg } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CYCLES = Number(arg('--cycles', '10'));
const { Supervisor } = await import(resolve(arg('--scanner', join(here, '../../packages/scanner/dist/index.js'))));
const root = mkdtempSync(join(tmpdir(), 'dt-restart-'));
const dir = join(root, 'svc');
mkdirSync(dir);
writeFileSync(join(dir, 'run'), '#!/bin/sh\nexec sleep 100\n');
chmodSync(join(dir, 'run'), 0o755);
const s = new Supervisor({ dir, crashLoop: { burst: 1000 } });
const started = () => new Promise((r) => s.once('start', r));
try {
  let p = started();
  await s.start();
  await p;
  const c0 = process.cpuUsage();
  let wall = 0;
  for (let i = 0; i < CYCLES; i++) {
    await new Promise((r) => setTimeout(r, 1100)); // up over a second: no pacing delay
    p = started();
    const t0 = performance.now();
    process.kill(s.pid, 'SIGKILL');
    await p;
    wall += performance.now() - t0;
  }
  const c = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      cycles: CYCLES,
      cpuPerCycleMs: (c.user + c.system) / 1000 / CYCLES,
      userPerCycleMs: c.user / 1000 / CYCLES,
      systemPerCycleMs: c.system / 1000 / CYCLES,
      killToStartEventMs: wall / CYCLES,
    }),
  );
} finally {
  const done = new Promise((r) => s.once('done', r));
  s.control('dx');
  await done;
  rmSync(root, { recursive: true, force: true });
}
