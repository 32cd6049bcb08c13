#!/usr/bin/env node
// npm test's first step (`pretest`): the reference programs the tests need (prerequisites.mjs). Missing
// ones are installed with apt-get when we are root and apt-get exists, in one line of output; otherwise
// this fails with the exact command to run. Exit 0 ready, 111 not.
// DT_PREREQ_ROOT (a directory standing for /) and DT_PREREQ_UID exist for this script's own test.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { planPrerequisites, REQUIRED } from './prerequisites.mjs';

const root = process.env.DT_PREREQ_ROOT ?? '';
const uid = process.env.DT_PREREQ_UID === undefined ? process.getuid?.() : Number(process.env.DT_PREREQ_UID);
const missingNow = () => REQUIRED.map((r) => r.path).filter((p, i, all) => all.indexOf(p) === i && !existsSync(root + p));
const onPath = (name) =>
  (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d || '.', name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
const fatal = (text) => {
  process.stderr.write(`test-prerequisites: fatal: ${text}\n`);
  process.exit(111);
};

const plan = planPrerequisites({ missing: missingNow(), isRoot: uid === 0, hasAptGet: onPath('apt-get') });
if (plan.action === 'fail') {
  process.stderr.write(`${plan.line}\n`);
  process.exit(111);
}
if (plan.action === 'install') {
  process.stderr.write(`${plan.line}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages]]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error || r.status !== 0) {
      process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
      fatal(`apt-get ${args[0]} failed (${r.error ? r.error.message : `exit ${r.status}`}); run: apt-get update && apt-get install -y ${plan.packages.join(' ')}`);
    }
  }
  const still = missingNow();
  if (still.length > 0) fatal(`still missing after apt-get install: ${still.join(' ')}`);
}
