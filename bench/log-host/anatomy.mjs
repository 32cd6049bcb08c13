#!/usr/bin/env node
// Where the memory of a hosted tree goes (decision 0020): a tree of N logged services (`exec sleep`, each
// `log/run` = `exec multilog t ./main`) under our svscan, then for svscan and the log host, from
// /proc/PID/smaps: each kind of mapping (the node binary's file pages, V8's and malloc's anonymous memory,
// thread stacks, libraries, memfds) with its RSS, PSS and private size, and smaps_rollup's Pss_Anon/Pss_File.
//
// PSS of the node binary's pages is divided among every process on the machine that maps the same file
// (other Node programs, other users' too): `quiet PSS` is what the two would show with no other Node process
// running, counted from /proc/PID/pagemap (root only): every page of the node binary that either process has
// mapped, once, plus the rest of their PSS as the kernel gives it.
// Usage: node bench/log-host/anatomy.mjs [--n 100] [--settle 7000] [--hold SECONDS]
//   ANATOMY_NODE_OPTIONS=... sets NODE_OPTIONS for svscan and the host only (e.g. a --require that writes
//   v8.getHeapSpaceStatistics() to a file). Flags are compared by changing them in the sources and rebuilding.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, processesByParent, script, sleep, statusPid, table, waitFor, writeControl } from '../lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OURS = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'svscan.js');
const N = Number(arg('--n', '100'));
// after svscan's first housekeeping (5 s after its start) and the host's settle (3 s after its last logger)
const SETTLE = Number(arg('--settle', '7000'));

/** Mappings of pid with their smaps fields (kB). */
function smaps(pid) {
  const out = [];
  let cur;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'latin1').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      cur = { start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], name: head[4], f: {} };
      out.push(cur);
      continue;
    }
    const field = /^(\w+):\s+(\d+) kB/.exec(line);
    if (field && cur) cur.f[field[1]] = Number(field[2]);
  }
  return out;
}

/** The kind of a mapping, for the table. */
function kindOf(m, execPath) {
  if (m.name === execPath) return `node binary ${m.perms}`;
  if (m.name === '[heap]') return 'brk heap (malloc main arena)';
  if (m.name.startsWith('[stack')) return 'main stack';
  if (m.name.startsWith('/memfd:')) return 'memfds (journals, carry)';
  if (m.name.startsWith('/')) return m.name.includes('koffi') ? 'koffi' : m.name.includes('libc.so') ? 'libc' : 'other files';
  if (m.name.startsWith('[')) return m.name;
  if (m.perms === '---p') return 'guard / reserved';
  // anonymous: V8 pages are 256 KiB-aligned chunks; malloc arenas are 64 MiB-aligned heaps; stacks 8 MiB
  const size = Number(m.end - m.start) / 1024;
  if (size === 8192 || size === 8188) return 'anon 8 MiB (thread stack)';
  return m.perms.includes('x') ? 'anon rwx (V8 code)' : 'anon rw';
}

/** Frames of the pages of [start, end) present in pid's memory (pagemap bit 63, PFN in bits 0-54). */
function frames(pid, start, end, into) {
  const fd = openSync(`/proc/${pid}/pagemap`, 'r');
  try {
    const pages = Number((end - start) / 4096n);
    const buf = Buffer.alloc(pages * 8);
    readSync(fd, buf, 0, buf.length, Number((start / 4096n) * 8n));
    for (let i = 0; i < pages; i++) {
      const e = buf.readBigUInt64LE(i * 8);
      if (e & (1n << 63n)) into.add(e & ((1n << 55n) - 1n));
    }
  } finally {
    closeSync(fd);
  }
}

function rollup(pid) {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rss: kb('Rss'), pss: kb('Pss'), pssAnon: kb('Pss_Anon'), pssFile: kb('Pss_File'), uss: kb('Private_Clean') + kb('Private_Dirty'), anon: kb('Anonymous') };
}

const dir = mkdtempSync(join(tmpdir(), 'dt-bench-anatomy-'));
for (let i = 0; i < N; i++) {
  const d = join(dir, `s${i}`);
  mkdirSync(join(d, 'log'), { recursive: true });
  script(join(d, 'run'), '#!/bin/sh\nexec sleep 100000\n');
  script(join(d, 'log', 'run'), '#!/bin/sh\nexec multilog t ./main\n');
}
// ANATOMY_NODE_OPTIONS: NODE_OPTIONS for svscan and the host only (e.g. a --require that dumps heap statistics)
const env = { PATH: '/usr/bin:/bin', ...(process.env.ANATOMY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.ANATOMY_NODE_OPTIONS } : {}) };
const proc = spawn(process.execPath, [OURS, dir], { stdio: 'ignore', env });
const exited = new Promise((r) => proc.once('exit', r));
try {
  await waitFor(`${N} logged services up`, () =>
    readdirSync(dir).every((s) => statusPid(join(dir, s)) > 0 && statusPid(join(dir, s, 'log')) > 0 && existsSync(join(dir, s, 'log', 'main', 'current'))),
  );
  await sleep(SETTLE);
  const host = statusPid(join(dir, 's0', 'log'));
  const pids = { svscan: proc.pid, 'log host': host };
  const execPath = readFileSync(`/proc/${host}/cmdline`, 'latin1').split('\0')[0];
  const others = [...processesByParent().values()].flat().filter((c) => c.comm === 'node' || c.comm === 'MainThread').length;
  const kinds = new Map();
  const binaryFrames = new Set();
  const framesOf = {};
  const sum = {};
  for (const [who, pid] of Object.entries(pids)) {
    sum[who] = rollup(pid);
    for (const m of smaps(pid)) {
      const k = kindOf(m, execPath);
      const row = kinds.get(k) ?? {};
      const c = (row[who] ??= { rss: 0, pss: 0, priv: 0, n: 0 });
      c.rss += m.f.Rss ?? 0;
      c.pss += m.f.Pss ?? 0;
      c.priv += (m.f.Private_Clean ?? 0) + (m.f.Private_Dirty ?? 0);
      c.n++;
      kinds.set(k, row);
      if (m.name === execPath) frames(pid, m.start, m.end, (framesOf[who] ??= new Set()));
    }
  }
  const whos = Object.keys(pids);
  for (const w of whos) for (const f of framesOf[w]) binaryFrames.add(f);
  // this runner is a Node process too: what the two would show with it as the only other one (as under run.mjs)
  const runner = new Set();
  for (const m of smaps(process.pid)) if (m.name === execPath) frames(process.pid, m.start, m.end, runner);
  let withRunner = 0;
  for (const f of binaryFrames) {
    const ours = whos.filter((w) => framesOf[w].has(f)).length;
    withRunner += (4 * ours) / (ours + (runner.has(f) ? 1 : 0));
  }
  const rows = [...kinds.entries()]
    .sort((a, b) => whos.reduce((s, w) => s + (b[1][w]?.rss ?? 0) - (a[1][w]?.rss ?? 0), 0))
    .map(([k, row]) => [k, ...whos.flatMap((w) => (row[w] ? [`${row[w].rss}`, `${row[w].pss}`, `${row[w].priv}`, row[w].n] : ['', '', '', '']))]);
  process.stdout.write(`N = ${N}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, other node processes visible: ${others - 2}\n`);
  process.stdout.write(`${table(['mapping kind (kB)', ...whos.flatMap((w) => [`${w} RSS`, 'PSS', 'private', 'maps'])], rows)}\n\n`);
  const binaryPss = whos.reduce((s, w) => s + (kinds.get(`node binary r-xp`)?.[w]?.pss ?? 0) + (kinds.get(`node binary r--p`)?.[w]?.pss ?? 0) + (kinds.get(`node binary rw-p`)?.[w]?.pss ?? 0), 0);
  const total = whos.reduce((s, w) => s + sum[w].pss, 0);
  process.stdout.write(
    `${table(
      ['smaps_rollup (kB)', ...whos, 'both'],
      ['rss', 'pss', 'pssAnon', 'pssFile', 'uss', 'anon'].map((f) => [f, ...whos.map((w) => sum[w][f]), whos.reduce((s, w) => s + sum[w][f], 0)]),
    )}\n`,
  );
  const quiet = total - binaryPss + binaryFrames.size * 4;
  const beside = total - binaryPss + withRunner;
  process.stdout.write(
    `node binary: ${binaryFrames.size * 4} kB of distinct pages between the two (PSS now ${binaryPss} kB); quiet PSS of both: ${quiet} kB = ${(quiet / 1024).toFixed(1)} MiB; beside this runner only: ${beside.toFixed(0)} kB = ${(beside / 1024).toFixed(1)} MiB\n`,
  );
  // --hold S: keep the tree S seconds more (to look at it by hand)
  const hold = Number(arg('--hold', '0'));
  if (hold > 0) {
    process.stdout.write(`holding ${hold} s: svscan ${pids.svscan}, log host ${pids['log host']}\n`);
    await sleep(hold * 1000);
  }
} finally {
  proc.kill('SIGTERM');
  const again = setTimeout(() => proc.kill('SIGTERM'), 5000);
  await exited;
  clearTimeout(again);
  for (const name of readdirSync(dir)) for (const d of [join(dir, name), join(dir, name, 'log')]) try { writeControl(d, 'dxk'); } catch {}
  rmSync(dir, { recursive: true, force: true });
}
