// Recognises the one `log/run` form a log host can run (decision 0005): a `#!/bin/sh` script whose one
// command is `exec multilog ARGS...` (or this project's multilog by path, `exec node PATH ARGS...` too), the
// words literal: plain, 'single-quoted' or "double-quoted" without $ ` \. Anything the shell would expand,
// redirect or run besides is refused, so the hosted logger gets exactly the argv /bin/sh would have given
// multilog. Pure: text in, verdict out; whether the program really is a multilog is the caller's question.

export type LogRunForm =
  /** `exec multilog ARGS` (looked up on PATH) or `exec PATH ARGS` / `exec node PATH ARGS` (PATH as written). */
  | { recognised: true; program: 'multilog' | { path: string; viaNode: boolean }; args: string[] }
  | { recognised: false; reason: string };

const SHEBANG = /^#!\/bin\/sh[ \t]*$/;
/** Unquoted characters that make the shell do something other than take them literally. */
const SPECIAL = new Set(['$', '`', '\\', ';', '&', '|', '<', '>', '(', ')', '{', '}', '*', '?', '[', ']']);

function refuse(reason: string): LogRunForm {
  return { recognised: false, reason };
}

/** Split one command line into literal words; a string is the reason it is not literal. */
export function splitLiteralWords(line: string): string[] | string {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
      continue;
    }
    if (word === undefined && c === '#') break; // a comment to the end of the line
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return 'unterminated quote';
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end === -1) return 'unterminated quote';
      const body = line.slice(i + 1, end);
      if (/[$`\\]/.test(body)) return 'expansion inside double quotes';
      word = (word ?? '') + body;
      i = end + 1;
      continue;
    }
    if (SPECIAL.has(c)) return `shell syntax ${JSON.stringify(c)}`;
    if (c === '~' && word === undefined) return 'tilde expansion';
    if (c === '=' && word !== undefined && words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) {
      return 'variable assignment';
    }
    word = (word ?? '') + c;
    i++;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The verdict on a log/run's text. */
export function recogniseLogRun(text: string): LogRunForm {
  const lines = text.split('\n');
  if (!SHEBANG.test(lines[0] ?? '')) return refuse('not a #!/bin/sh script');
  let command: string[] | undefined;
  for (const line of lines.slice(1)) {
    if (line.includes('\r')) return refuse('carriage return');
    const words = splitLiteralWords(line);
    if (typeof words === 'string') return refuse(words);
    if (words.length === 0) continue; // blank or comment
    if (command !== undefined) return refuse('more than one command');
    command = words;
  }
  if (command === undefined) return refuse('no command');
  if (command[0] !== 'exec') return refuse('the command is not exec');
  const [, first, ...rest] = command;
  if (first === undefined) return refuse('exec without a program');
  if (first === 'multilog') return { recognised: true, program: 'multilog', args: rest };
  if (first === 'node' && rest[0] !== undefined && /(^|\/)multilog\.js$/.test(rest[0])) {
    return { recognised: true, program: { path: rest[0], viaNode: true }, args: rest.slice(1) };
  }
  if (first.includes('/') && /(^|\/)multilog(\.js)?$/.test(first)) {
    return { recognised: true, program: { path: first, viaNode: false }, args: rest };
  }
  return refuse(`${first} is not multilog`);
}
