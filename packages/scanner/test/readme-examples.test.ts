// Every ```ts example in every package README compiles under `tsc --strict` against the built typings, as
// a user's program would see them (@dt/* resolved to packages/*/dist). A README whose example does not
// compile is a bug report waiting to happen (issue 17: the Supervisor example did not).
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const work = mkdtempSync(join(tmpdir(), 'dt-readme-ts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The ```ts blocks of a markdown text. */
function tsBlocks(md: string): string[] {
  return [...md.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('README examples', () => {
  it('compile under tsc --strict against the published typings', async () => {
    const files: string[] = [];
    for (const pkg of readdirSync(join(ROOT, 'packages'))) {
      const readme = join(ROOT, 'packages', pkg, 'README.md');
      if (!existsSync(readme)) continue;
      tsBlocks(readFileSync(readme, 'utf8')).forEach((code, i) => {
        const name = `${pkg}-${i + 1}.mts`;
        writeFileSync(join(work, name), code);
        files.push(name);
      });
    }
    expect(files.length).toBeGreaterThanOrEqual(7);
    const res = await compile(files);
    expect(res.output).toBe('');
    expect(res.exitCode).toBe(0);
  });

  it('the typings refuse what issue 17 found compiling (every @ts-expect-error below must be an error)', async () => {
    writeFileSync(
      join(work, 'refused.mts'),
      `import { Scanner, startTree, type TreeFailure } from '@dt/scanner';
import { service } from '@dt/supervise-protocol';
const scanner = new Scanner({ dir: 'x' });
// @ts-expect-error an event the Scanner does not emit
scanner.on('typo', () => undefined);
scanner.on('exit', (e) => {
  // @ts-expect-error handlers get the typed event, not any
  e.nope;
});
// @ts-expect-error not a signal supervise can send
await service('x').signal('NOT-A-SIGNAL');
const why: TreeFailure['why'] = 'restarted';
// @ts-expect-error why is a union
const other: TreeFailure['why'] = 'whatever';
const tree = await startTree('x');
const st = await tree.service('a').restart({ wait: 'up' });
console.log(why, other, st.pid);
tree.on('failing', (f) => console.log(f.reason === 'crash-loop'));
`,
    );
    const res = await compile(['refused.mts']);
    expect(res.output).toBe('');
    expect(res.exitCode).toBe(0);
  });
});

/** tsc --strict over `files` in the work directory, @dt/* resolved to the built typings. */
async function compile(files: string[]): Promise<{ output: string; exitCode: number | undefined }> {
  for (const lib of ['posix', 'tai64', 'supervise-protocol', 'multilog', 'scanner']) {
    const dts = join(ROOT, 'packages', lib, 'dist', 'index.d.ts');
    if (!existsSync(dts)) throw new Error(`${dts} is missing: npm run build`);
  }
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2023',
        lib: ['es2023', 'esnext.disposable'],
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        paths: {
          '@dt/scanner/serve': [join(ROOT, 'packages', 'scanner', 'dist', 'serve.d.ts')],
          '@dt/*': [join(ROOT, 'packages', '*', 'dist', 'index.d.ts')],
        },
        skipLibCheck: true,
      },
      files,
    }),
  );
  // tsc turns on Node's compile cache, which would leave node-compile-cache in the run's TMPDIR
  const res = await execa(process.execPath, [TSC, '-p', join(work, 'tsconfig.json')], {
    reject: false,
    env: { NODE_DISABLE_COMPILE_CACHE: '1' },
  });
  return { output: res.stdout + res.stderr, exitCode: res.exitCode };
}
