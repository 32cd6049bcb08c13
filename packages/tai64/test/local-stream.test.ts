import { afterEach, describe, expect, it } from '@jest/globals';
import { LocalConverter } from '../src/local-stream.js';
import { formatLocalSeconds } from '../src/local.js';
import { requireZone as loadZone } from './require-zone.js';
import { randomChunks, seededRandom } from '@dt/test-support';

// Expected outputs below were produced by the real /usr/bin/tai64nlocal with TZ=UTC (crashes noted).
const utc = loadZone('UTC');
const formatSeconds = (s: bigint) => formatLocalSeconds(s, utc);

function convert(chunks: (string | Buffer)[]): string {
  const c = new LocalConverter({ formatSeconds });
  return Buffer.concat(chunks.map((x) => Buffer.from(c.push(typeof x === 'string' ? Buffer.from(x, 'latin1') : x)))).toString('latin1');
}

describe('LocalConverter', () => {
  it('replaces the label at the start of a line by the local date', () => {
    expect(convert(['@400000006b06cc7f0fe125bc hello\n'])).toBe('2026-11-25 11:54:29.266413500 hello\n');
  });

  it('copies lines that do not start with @ unchanged', () => {
    expect(convert(['hello @400000006b06cc7f0fe125bc\n\nx'])).toBe('hello @400000006b06cc7f0fe125bc\n\nx');
  });

  it('gives the first non-hex byte to the rest of the line (no space needed)', () => {
    expect(convert(['@400000006b06cc7f0fe125bcX\n'])).toBe('2026-11-25 11:54:29.266413500X\n');
    expect(convert(['@400000006b06cc7f0fe125bc\n'])).toBe('2026-11-25 11:54:29.266413500\n');
  });

  it('stops at the first byte that is not lowercase hex (uppercase included)', () => {
    // 24 lowercase digits then 'F': the date, then 'F...'
    expect(convert(['@400000006b06cc7f0fe125bcFF x\n'])).toBe('2026-11-25 11:54:29.266413500FF x\n');
  });

  it('ignores extra leading digits (they overflow the 64-bit seconds)', () => {
    expect(convert(['@ab400000006b06cc7f0fe125bc x\n'])).toBe('2026-11-25 11:54:29.266413500 x\n');
  });

  it('prints nanoseconds of 10^9 and more with 10 digits', () => {
    expect(convert(['@400000006b06cc7fffffffff x\n'])).toBe('2026-11-25 11:54:29.4294967295 x\n');
  });

  it('passes through unchanged where the real one crashes (short or zero labels)', () => {
    expect(convert(['@ x\n', '@4000 y\n', '@000000000000000000000000 z\n'])).toBe('@ x\n@4000 y\n@000000000000000000000000 z\n');
  });

  it('drops a label still open at end of input and keeps a partial plain line', () => {
    expect(convert(['a\n@400000006b06cc7f'])).toBe('a\n');
    expect(convert(['a\npartial'])).toBe('a\npartial');
  });

  it('handles a label split over several chunks', () => {
    const label = '@400000006b06cc7f0fe125bc hi\n';
    for (let cut = 1; cut < label.length; cut++)
      expect(convert([label.slice(0, cut), label.slice(cut)])).toBe('2026-11-25 11:54:29.266413500 hi\n');
    expect(convert(['@40', '00', '', '0000', 'x\n'])).toBe('@40000000x\n');
  });

  it('passes binary bytes and CRLF through', () => {
    const out = convert([Buffer.from('@400000006b06cc7f0fe125bc \x00\xff\r\n\x00@\r\n', 'latin1')]);
    expect(out).toBe('2026-11-25 11:54:29.266413500 \x00\xff\r\n\x00@\r\n');
  });

  it('gives the same bytes however the input is cut into chunks (seeded fuzz)', () => {
    const rand = seededRandom(12345);
    const pieces = ['@400000006b06cc7f0fe125bc', '@4000000037c219bf2ef02e94', '@', '@40', 'x', ' ', '\n', '\r\n', '\x00', '\xff', 'F', 'abc'];
    let text = '';
    for (let i = 0; i < 3000; i++) text += pieces[rand(pieces.length)];
    const input = Buffer.from(text, 'latin1');
    const whole = convert([input]);
    for (let round = 0; round < 20; round++) {
      const chunks = randomChunks(input, rand, 40);
      expect(convert(chunks)).toBe(whole);
    }
  });
});

describe('LocalConverter default zone', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('reads TZ once, when the converter is made', () => {
    loadZone('US/Pacific'); // fails clearly without tzdata
    process.env.TZ = 'UTC';
    const c = new LocalConverter();
    process.env.TZ = 'US/Pacific';
    expect(c.push(Buffer.from('@4000000037c219bf2ef02e94 x\n')).toString()).toBe('1999-08-24 04:04:05.787492500 x\n');
    expect(new LocalConverter().push(Buffer.from('@4000000037c219bf2ef02e94 x\n')).toString()).toBe('1999-08-23 21:04:05.787492500 x\n');
  });
});
