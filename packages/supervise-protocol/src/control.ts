// supervise/control command letters: daemontools 0.76 supervise.c doit() plus the sigq12 patch's q 1 2
// (spec §2.1, §3.2). Pure: no I/O here.
import { ControlLetterError } from './errors.js';

/** The letters of 0.76 (u d o p c h a i t k x) and of the sigq12 patch (q 1 2). */
export const CONTROL_LETTERS = ['u', 'd', 'o', 'p', 'c', 'h', 'a', 'i', 't', 'k', 'x', 'q', '1', '2'] as const;
export type ControlLetter = (typeof CONTROL_LETTERS)[number];

/** svc sends at most this many bytes (svc.c `char data[20]`), in one write. */
export const MAX_CONTROL_BYTES = 20;

const SIGNALS: Readonly<Record<ControlLetter, NodeJS.Signals | undefined>> = {
  u: undefined, // want up; start if down
  d: 'SIGTERM', // want down; TERM then CONT if up
  o: undefined, // once: do not restart; start if down
  p: 'SIGSTOP', // pause
  c: 'SIGCONT', // continue
  h: 'SIGHUP',
  a: 'SIGALRM',
  i: 'SIGINT',
  t: 'SIGTERM',
  k: 'SIGKILL',
  x: undefined, // supervise exits once the service is down
  q: 'SIGQUIT', // sigq12
  '1': 'SIGUSR1', // sigq12
  '2': 'SIGUSR2', // sigq12
};

export function isControlLetter(c: string): c is ControlLetter {
  return c.length === 1 && Object.hasOwn(SIGNALS, c);
}

/**
 * The signal supervise sends to an up service for this letter (the first one for `d`: TERM, followed by
 * CONT), or undefined for letters that only change state (u, o, x).
 */
export function signalForLetter(l: ControlLetter): NodeJS.Signals | undefined {
  if (!isControlLetter(l)) throw new ControlLetterError(`not a control letter: ${JSON.stringify(l)}`);
  return SIGNALS[l];
}

/** The signals supervise can send to a service (0.76 plus sigq12), by their Node names. */
export type SupervisedSignal =
  | 'SIGSTOP'
  | 'SIGCONT'
  | 'SIGHUP'
  | 'SIGALRM'
  | 'SIGINT'
  | 'SIGTERM'
  | 'SIGKILL'
  | 'SIGQUIT'
  | 'SIGUSR1'
  | 'SIGUSR2';
/** The letters that only send a signal (`d` also changes want: not one of them). */
export type SignalLetter = 'p' | 'c' | 'h' | 'a' | 'i' | 't' | 'k' | 'q' | '1' | '2';
/** What ServiceHandle.signal takes: 'SIGHUP', 'HUP' or the letter 'h'. */
export type SignalName = SupervisedSignal | (SupervisedSignal extends `SIG${infer S}` ? S : never) | SignalLetter;

let letterBySignal: ReadonlyMap<string, ControlLetter> | undefined;

/**
 * The control letter that makes supervise send `sig` ('SIGHUP', 'HUP' or 'h'): SIGNALS reversed, without
 * `d` (which also changes want; `t` sends TERM alone). ControlLetterError if supervise cannot send it.
 */
export function letterForSignal(sig: string): ControlLetter {
  letterBySignal ??= new Map(
    CONTROL_LETTERS.flatMap((l): [string, ControlLetter][] => (l !== 'd' && SIGNALS[l] !== undefined ? [[SIGNALS[l], l]] : [])),
  );
  if (isControlLetter(sig) && sig !== 'd' && SIGNALS[sig] !== undefined) return sig;
  const upper = sig.toUpperCase();
  const letter = letterBySignal.get(upper.startsWith('SIG') ? upper : `SIG${upper}`);
  if (letter === undefined) throw new ControlLetterError(`supervise cannot send ${JSON.stringify(sig)}`);
  return letter;
}

/**
 * The bytes svc writes: letters de-duplicated in first-occurrence order (svc -dud sends "du"), at most
 * MAX_CONTROL_BYTES. Throws ControlLetterError on anything that is not a control letter.
 */
export function encodeControl(letters: string | readonly string[]): Buffer {
  const out: string[] = [];
  for (const l of letters) {
    if (!isControlLetter(l)) throw new ControlLetterError(`not a control letter: ${JSON.stringify(l)}`);
    if (!out.includes(l) && out.length < MAX_CONTROL_BYTES) out.push(l);
  }
  return Buffer.from(out.join(''), 'latin1');
}
