// The parts of a restart measured alone (issue 14, decision 0018 "The restart path"), medians / p90 in ms:
//   spawn     @dt/posix spawnProgram of `./run` (sh exec'ing sleep), as startRun calls it: waits for the exec
//   environ   building `NAME=value` strings from process.env (what each spawn does)
//   status    an 18-byte status write as 0.76 does it (open O_TRUNC|O_CREAT, write, close, rename), and the
//             same into a status.new kept with its block allocated (written and fdatasync'd beforehand)
//   options   probing nine absent option files (existsSync) against one stat of the directory
// Usage: node bench/scanner/restart-parts.mjs [--samples 40]
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnProgram, waitpid } from '@dt/posix';
import { arg } from '../lib.mjs';

const N = Number(arg('--samples', '40'));
const dir = fs.mkdtempSync(join(tmpdir(), 'dt-parts-'));
fs.writeFileSync(join(dir, 'run'), '#!/bin/sh\nexec sleep 100\n');
fs.chmodSync(join(dir, 'run'), 0o755);
fs.mkdirSync(join(dir, 'supervise'));
const pause = () => new Promise((r) => setTimeout(r, 20));
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[s.length >> 1].toFixed(3)} / ${s[Math.floor(s.length * 0.9)].toFixed(3)}`;
};
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

const spawnMs = [];
const environMs = [];
const cStatus = [];
const prepared = [];
const preparing = [];
const probes = [];
const dirStat = [];
const st = join(dir, 'supervise/status');
const nw = join(dir, 'supervise/status.new');
const bytes = Buffer.alloc(18, 7);
const { O_WRONLY, O_CREAT, O_TRUNC, O_NONBLOCK } = fs.constants;
const options = ['finish', 'dt-crash-burst', 'dt-crash-interval', 'dt-crash-backoff-max', 'dt-crash-burst', 'dt-crash-interval', 'dt-crash-backoff-max', 'dt-process-group', 'notification-fd'];
try {
  for (let i = 0; i < N; i++) {
    let pid = 0;
    spawnMs.push(
      time(() => {
        pid = spawnProgram('./run', ['./run'], { cwd: dir, fds: [0, 1, 2], env: process.env }).pid;
      }),
    );
    await pause();
    process.kill(pid, 'SIGKILL');
    waitpid(pid);
    environMs.push(time(() => Object.entries(process.env).map(([k, v]) => `${k}=${v}`)));
    cStatus.push(
      time(() => {
        const fd = fs.openSync(nw, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0o644);
        fs.writeSync(fd, bytes);
        fs.closeSync(fd);
        fs.renameSync(nw, st);
      }),
    );
    await pause();
    preparing.push(
      time(() => {
        const fd = fs.openSync(nw, O_WRONLY | O_CREAT | O_TRUNC, 0o644);
        fs.writeSync(fd, bytes);
        fs.fdatasyncSync(fd);
        fs.closeSync(fd);
      }),
    );
    await pause();
    prepared.push(
      time(() => {
        const fd = fs.openSync(nw, O_WRONLY | O_NONBLOCK);
        fs.writeSync(fd, bytes, 0, bytes.length, 0);
        fs.closeSync(fd);
        fs.renameSync(nw, st);
      }),
    );
    probes.push(time(() => options.forEach((o) => fs.existsSync(join(dir, `x-${o}`)))));
    dirStat.push(time(() => fs.statSync(dir, { bigint: true })));
    await pause();
  }
  console.log(`restart parts, ${N} samples, ms p50 / p90`);
  console.log(`  spawnProgram ./run (returns after the exec)      ${stats(spawnMs)}`);
  console.log(`  environ from process.env                        ${stats(environMs)}`);
  console.log(`  status write, 0.76's way                        ${stats(cStatus)}`);
  console.log(`  status write into a prepared status.new         ${stats(prepared)}`);
  console.log(`    (preparing it, off the path: write + fdatasync ${stats(preparing)})`);
  console.log(`  nine absent option files probed                 ${stats(probes)}`);
  console.log(`  one stat of the directory                       ${stats(dirStat)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
