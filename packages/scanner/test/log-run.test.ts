import { describe, expect, it } from '@jest/globals';
import { recogniseLogRun, splitLiteralWords } from '../src/log-run.js';

const sh = (body: string) => `#!/bin/sh\n${body}\n`;

describe('recogniseLogRun', () => {
  it('takes `exec multilog ARGS` with plain, single- and double-quoted literal words', () => {
    expect(recogniseLogRun(sh('exec multilog t ./main'))).toEqual({ recognised: true, program: 'multilog', args: ['t', './main'] });
    expect(recogniseLogRun(sh(`# a comment\n\nexec multilog t s1000000 n20 '-*debug*' "+*warn* x" '!tai64nlocal' =status ./main # trailing`))).toEqual({
      recognised: true,
      program: 'multilog',
      args: ['t', 's1000000', 'n20', '-*debug*', '+*warn* x', '!tai64nlocal', '=status', './main'],
    });
    expect(recogniseLogRun(sh(`exec multilog 'a'"b"c ./m`))).toMatchObject({ args: ['abc', './m'] });
    expect(recogniseLogRun('#!/bin/sh\nexec multilog ./main')).toMatchObject({ recognised: true, args: ['./main'] });
  });

  it("takes this project's multilog by path, with or without node", () => {
    expect(recogniseLogRun(sh('exec node ../../packages/cli/dist/bin/multilog.js t ./main'))).toEqual({
      recognised: true,
      program: { path: '../../packages/cli/dist/bin/multilog.js', viaNode: true },
      args: ['t', './main'],
    });
    expect(recogniseLogRun(sh('exec /opt/x/node_modules/.bin/multilog t ./main'))).toMatchObject({
      program: { path: '/opt/x/node_modules/.bin/multilog', viaNode: false },
    });
  });

  it.each([
    ['#!/bin/bash\nexec multilog ./main\n', 'not a #!/bin/sh script'],
    [sh('exec setuidgid log multilog ./main'), 'setuidgid is not multilog'],
    [sh('exec envdir ./env multilog ./main'), 'envdir is not multilog'],
    [sh('exec multilog t $DIR'), 'shell syntax "$"'],
    [sh('exec multilog t "$DIR"'), 'expansion inside double quotes'],
    [sh('exec multilog t ./main 2>&1'), 'shell syntax ">"'],
    [sh('exec multilog -*debug* ./main'), 'shell syntax "*"'],
    [sh('exec multilog ~/main'), 'tilde expansion'],
    [sh('exec multilog ./main; echo'), 'shell syntax ";"'],
    [sh('echo hi\nexec multilog ./main'), 'more than one command'],
    [sh('multilog ./main'), 'the command is not exec'],
    [sh('X=1 exec multilog ./main'), 'variable assignment'],
    [sh('exec multilog \\\n  ./main'), 'shell syntax "\\\\"'],
    [sh("exec multilog 'unterminated"), 'unterminated quote'],
    [sh('exec'), 'exec without a program'],
    ['#!/bin/sh\r\nexec multilog ./main\r\n', 'not a #!/bin/sh script'],
    [sh(''), 'no command'],
    [sh('exec /usr/local/bin/other t ./main'), '/usr/local/bin/other is not multilog'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(recogniseLogRun(text)).toEqual({ recognised: false, reason });
  });
});

describe('splitLiteralWords', () => {
  it('splits on blanks, joins quoted parts, stops at a comment', () => {
    expect(splitLiteralWords("  a\t'b c'd  \"e\" # f")).toEqual(['a', 'b cd', 'e']);
    expect(splitLiteralWords('a#b')).toEqual(['a#b']);
  });
});
