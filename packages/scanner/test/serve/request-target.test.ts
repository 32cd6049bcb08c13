import { describe, expect, it } from '@jest/globals';
import { MAX_TARGET_LENGTH, parseRequestTarget } from '../../src/serve/request-target.js';

describe('parseRequestTarget', () => {
  it('splits and decodes plain names, keeps the query', () => {
    expect(parseRequestTarget('/')?.segments).toEqual([]);
    expect(parseRequestTarget('/metrics')?.segments).toEqual(['metrics']);
    expect(parseRequestTarget('/logs/my%20web?lines=5')?.segments).toEqual(['logs', 'my web']);
    expect(parseRequestTarget('/logs/web?lines=5')?.query.get('lines')).toBe('5');
  });

  it('refuses what could leave the scan directory or is not a path', () => {
    for (const bad of [
      undefined,
      '',
      'metrics',
      'http://example.com/metrics',
      '/logs/..',
      '/logs/.',
      '/logs/%2e%2e',
      '/logs/..%2fetc',
      '/logs/a%2Fb',
      '/logs/a%00',
      '/logs/%0a',
      '/logs/%E0%A4%A',
      '//etc',
      '/logs//web',
      '/a/b/c/d/e',
      `/${'a'.repeat(MAX_TARGET_LENGTH)}`,
    ]) {
      expect([bad, parseRequestTarget(bad)]).toEqual([bad, undefined]);
    }
  });
});
