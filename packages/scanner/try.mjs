import { Supervisor } from './dist/index.js';
import { writeFileSync } from 'node:fs';
const dir = '/tmp/14b-dbg/svc';
writeFileSync(`${dir}/dt-crash-burst`, '1000000\n');
const s = new Supervisor({ dir, processGroup: true });
let t0 = 0, t1 = 0;
const rows = [];
s.on('exit', () => { t1 = performance.now(); });
s.on('start', () => { if (t0) rows.push([t1 - t0, performance.now() - t1]); });
await s.start();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 0; i < 30; i++) {
  await sleep(1050);
  t0 = performance.now();
  process.kill(s.pid, 'SIGKILL');
  await sleep(100);
}
const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1].toFixed(2);
console.log('kill->exit event median', med(rows.map((r) => r[0])), 'ms; exit->start(status written) median', med(rows.map((r) => r[1])), 'ms');
console.log(rows.map((r) => r.map((x) => x.toFixed(2)).join('/')).join(' '));
process.exit(0);
