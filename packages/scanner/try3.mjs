import { spawnProgram, withStartNofile, pidfdOpen, collectChild } from '@dt/posix';
import { closeSync } from 'node:fs';
const dir = '/tmp/14b-dbg/svc';
const N = 200;
const cpu = (fn) => { const c0 = process.cpuUsage(); const t0 = performance.now(); for (let i = 0; i < N; i++) fn(); const c = process.cpuUsage(c0); return `${(((c.user + c.system) / N) / 1000).toFixed(3)} ms cpu, ${((performance.now() - t0) / N).toFixed(3)} ms wall`; };
const pids = [];
console.log('noop rlimit wrap  ', cpu(() => withStartNofile(() => 0)));
console.log('env Object.entries', cpu(() => { for (const [k, v] of Object.entries(process.env)) if (v === undefined) throw 0; }));
console.log('posix_spawn /bin/true fds+cwd+setsid', cpu(() => { const r = spawnProgram('/bin/true', ['true'], { cwd: dir, fds: ['ignore', 'ignore', 'ignore'], setsid: true }); pids.push(r.pid); }));
for (const p of pids.splice(0)) { while (collectChild(p) === 'running'); }
console.log('posix_spawn ./run(sh) fds+cwd+setsid', cpu(() => { const r = spawnProgram('./run', ['./run'], { cwd: dir, fds: ['ignore', 'ignore', 'ignore'], setsid: true }); pids.push(r.pid); }));
console.log('pidfdOpen+close', cpu(() => closeSync(pidfdOpen(pids[0]))));
for (const p of pids.splice(0)) { process.kill(p, 'SIGKILL'); while (collectChild(p) === 'running'); }
console.log('process.env entries count', Object.keys(process.env).length);
