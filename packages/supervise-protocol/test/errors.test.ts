import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as api from '../src/index.js';
import { SuperviseProtocolError } from '../src/errors.js';

// Every error class the package exports, found by walking the exports (so new ones are covered too).
type ErrorClass = (new (message: string) => SuperviseProtocolError) & { name: string };
const classes = (Object.values(api) as unknown[]).filter(
  (v): v is ErrorClass => typeof v === 'function' && v.prototype instanceof SuperviseProtocolError,
);
const make = (C: ErrorClass) => new C('m');
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

describe('errors', () => {
  it('exports the classes of the README', () => {
    expect(classes.length).toBeGreaterThanOrEqual(10);
  });

  it('have unique, stable codes', () => {
    const codes = classes.map((C) => make(C).code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are each documented in the README errors table, with their class name', () => {
    for (const C of classes) {
      const e = make(C);
      expect(readme).toContain(`| \`${e.code}\` | \`${C.name}\` |`);
    }
  });

  it('keep the errno name of their cause', () => {
    const cause = Object.assign(new Error('x'), { code: 'ENOENT' });
    expect(new api.ControlOpenError('unable to control x', { cause })).toMatchObject({ errno: 'ENOENT', cause });
    expect(new api.NotSupervisedError('m', { errno: 'ENXIO' })).toMatchObject({ errno: 'ENXIO' });
    expect('cause' in new api.NotSupervisedError('m', { errno: 'ENXIO' })).toBe(false);
  });

  it('carry the errno words svc prints in their message; shortMessage is the text without them', async () => {
    const cause = Object.assign(new Error('x'), { code: 'ENOENT' });
    const e = new api.ControlOpenError('unable to control /tmp', { cause });
    expect([e.message, e.shortMessage]).toEqual(['unable to control /tmp: file does not exist', 'unable to control /tmp']);
    // the two examples, as svc words them
    await expect(api.service('/tmp').restart()).rejects.toThrow('unable to control /tmp: file does not exist');
    await expect(api.sendControl('/nonexistent/dt-errors', 't')).rejects.toThrow('unable to chdir to /nonexistent/dt-errors: file does not exist');
    // a complete message without a cause is left as it is
    expect(new api.NotSupervisedError('unable to control x: supervise not running', { errno: 'ENXIO' }).message).toBe(
      'unable to control x: supervise not running',
    );
  });
});
