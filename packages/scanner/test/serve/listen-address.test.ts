import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SERVE_HOST, isLoopback, parseListenAddress } from '../../src/serve/listen-address.js';
import { ServeError } from '../../src/serve/serve-errors.js';

describe('parseListenAddress', () => {
  it('takes ADDR:PORT, [ADDR6]:PORT, :PORT and PORT', () => {
    expect(parseListenAddress('0.0.0.0:9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseListenAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseListenAddress(':0')).toEqual({ host: DEFAULT_SERVE_HOST, port: 0 });
    expect(parseListenAddress('9100')).toEqual({ host: DEFAULT_SERVE_HOST, port: 9100 });
    expect(parseListenAddress('localhost:80')).toEqual({ host: 'localhost', port: 80 });
  });

  it('refuses anything else with DT_ERR_SERVE_ADDRESS', () => {
    for (const bad of ['', 'x', '1.2.3.4', '1.2.3.4:', '1.2.3.4:65536', '[nope]:80', '::1:80', 'a b:80', ':-1', '1.2.3.4:80x']) {
      expect(() => parseListenAddress(bad)).toThrow(ServeError);
      try {
        parseListenAddress(bad);
      } catch (e) {
        expect((e as ServeError).code).toBe('DT_ERR_SERVE_ADDRESS');
      }
    }
  });
});

describe('isLoopback', () => {
  it('is true only for addresses no other machine reaches', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', 'example.com', '128.0.0.1']) expect(isLoopback(h)).toBe(false);
  });
});
