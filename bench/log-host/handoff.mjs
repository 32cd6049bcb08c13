#!/usr/bin/env node
// Decision 0005: the cost of giving a running process a pipe read end: open /proc/PID/fd/N (what the log
// host does) against sending the pipe as a handle over the IPC channel (child.send(msg, socket)).
// Usage: node bench/log-host/handoff.mjs   (needs a build: packages/posix/dist)
import { openSync, closeSync, constants as C } from 'node:fs';
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
const { pipe2 } = await import(new URL('../../packages/posix/dist/index.js', import.meta.url).href);
const [r, w] = pipe2({ cloexec: true });
const N = 20000;
let t = performance.now();
for (let i = 0; i < N; i++) closeSync(openSync(`/proc/${process.pid}/fd/${r}`, C.O_RDONLY | C.O_NONBLOCK));
const openUs = ((performance.now() - t) * 1000) / N;
// handle passing: a child that acknowledges each received handle
const child = spawn(process.execPath, ['-e', `process.on('message', (m, h) => { if (h) h.destroy(); process.send(m); })`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const M = 2000;
t = performance.now();
for (let i = 0; i < M; i++) {
  const [r2, w2] = pipe2({ cloexec: true });
  closeSync(w2);
  const s = new Socket({ fd: r2, readable: true, writable: false });
  s.pause();
  await new Promise((res) => { child.once('message', res); child.send(i, s); });
}
const passUs = ((performance.now() - t) * 1000) / M;
process.stdout.write(`open /proc/PID/fd/N: ${openUs.toFixed(1)} us; IPC handle send + ack: ${passUs.toFixed(1)} us\n`);
child.kill(); process.exit(0);
