// The supervisor's state machine as a table, after s6-supervise's `actions[state][event]`: one state
// variable, and for each state what every control letter and every event does. Pure data; the actions
// themselves are the Supervisor's methods of the same names (supervisor.ts).

/**
 * - `new`: constructed, start() not yet called (or under way).
 * - `down`: no ./run, nothing scheduled.
 * - `waiting`: no ./run, a start is due when its second (or its crash-loop back-off) has passed.
 * - `starting`: ./run is being spawned (Node reports the outcome on a later tick).
 * - `up`: ./run runs (our child, a launched handle, or an adopted orphan watched through a pidfd).
 * - `finishing`: ./run has exited and ./finish runs.
 * - `reclaiming`: an orphan of a dead supervisor is being stopped before the first start.
 * - `done`: after x, the service down: everything released. `closed`: close() let go of the directory.
 */
export type SupervisorState = 'new' | 'down' | 'waiting' | 'starting' | 'up' | 'finishing' | 'reclaiming' | 'done' | 'closed';

/** A control letter (h a i t k q 1 2 are all `signal`), or something that happened. */
export type SupervisorEvent =
  | 'd'
  | 'u'
  | 'o'
  | 'p'
  | 'c'
  | 'x'
  | 'signal'
  /** the pacing (or back-off) timer of a waiting start fired */
  | 'due'
  /** ./run was spawned / could not be */
  | 'spawned'
  | 'spawnFailed'
  /** ./run exited */
  | 'died'
  /** ./finish ended */
  | 'finished'
  /** the kill timeout after d's TERM passed with ./run still up */
  | 'killTimeout'
  /** the orphan being reclaimed is gone */
  | 'reclaimed';

/** Every action the table names (a Supervisor method of that name). */
export type SupervisorAction =
  | 'ignore'
  | 'wantDown'
  | 'stop'
  | 'wantUp'
  | 'wantUpStart'
  | 'wantOnce'
  | 'wantOnceStart'
  | 'pause'
  | 'pauseRun'
  | 'cont'
  | 'contRun'
  | 'exit'
  | 'exitCancelRestart'
  | 'signal'
  | 'startNow'
  | 'record'
  | 'discard'
  | 'startFailed'
  | 'died'
  | 'finished'
  | 'reclaimed'
  | 'kill';

type Row = Readonly<Record<SupervisorEvent, SupervisorAction>>;

const IGNORE_ALL: Row = {
  d: 'ignore',
  u: 'ignore',
  o: 'ignore',
  p: 'ignore',
  c: 'ignore',
  x: 'ignore',
  signal: 'ignore',
  due: 'ignore',
  spawned: 'discard',
  spawnFailed: 'ignore',
  died: 'ignore',
  finished: 'ignore',
  killTimeout: 'ignore',
  reclaimed: 'ignore',
};

/** Letters while no ./run exists: flags and status only; u and o start it (or owe the start). */
const NO_RUN = {
  d: 'wantDown',
  u: 'wantUpStart',
  o: 'wantOnceStart',
  p: 'pause',
  c: 'cont',
  x: 'exit',
  signal: 'ignore',
} as const;

// prettier-ignore
export const ACTIONS: Readonly<Record<SupervisorState, Row>> = {
  new: IGNORE_ALL,
  down: { ...NO_RUN, due: 'ignore', spawned: 'discard', spawnFailed: 'ignore', died: 'ignore', finished: 'ignore', killTimeout: 'ignore', reclaimed: 'ignore' },
  // x cancels a restart (not a start asked for): 0.76 would not restart after x
  waiting: { ...NO_RUN, x: 'exitCancelRestart', due: 'startNow', spawned: 'discard', spawnFailed: 'ignore', died: 'ignore', finished: 'ignore', killTimeout: 'ignore', reclaimed: 'ignore' },
  // the child has no pid yet: letters only change the flags, as they would a moment later
  starting: { ...NO_RUN, u: 'wantUp', o: 'wantOnce', due: 'ignore', spawned: 'record', spawnFailed: 'startFailed', died: 'ignore', finished: 'ignore', killTimeout: 'ignore', reclaimed: 'ignore' },
  up: { d: 'stop', u: 'wantUp', o: 'wantOnce', p: 'pauseRun', c: 'contRun', x: 'exit', signal: 'signal', due: 'ignore', spawned: 'discard', spawnFailed: 'ignore', died: 'died', finished: 'ignore', killTimeout: 'kill', reclaimed: 'ignore' },
  finishing: { ...NO_RUN, due: 'ignore', spawned: 'discard', spawnFailed: 'ignore', died: 'ignore', finished: 'finished', killTimeout: 'ignore', reclaimed: 'ignore' },
  reclaiming: { ...NO_RUN, due: 'ignore', spawned: 'discard', spawnFailed: 'ignore', died: 'ignore', finished: 'ignore', killTimeout: 'ignore', reclaimed: 'reclaimed' },
  done: IGNORE_ALL,
  closed: IGNORE_ALL,
};

/** The event a control byte is: d u o p c x as themselves, every signalling letter as `signal`, others none. */
export function eventOfLetter(letter: string): SupervisorEvent | undefined {
  switch (letter) {
    case 'd':
    case 'u':
    case 'o':
    case 'p':
    case 'c':
    case 'x':
      return letter;
    case 'a':
    case 'h':
    case 'i':
    case 't':
    case 'k':
    case 'q':
    case '1':
    case '2':
      return 'signal';
    default:
      return undefined;
  }
}
