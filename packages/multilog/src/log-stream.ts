// A stream.Writable over a Logger, for Node code that speaks streams: child.stdout.pipe(stream), pino
// destinations, pipeline(). Writes are synchronous underneath (the logger blocks, as multilog blocks its
// writer); end() closes the logger (partial last line finished, fsync, current 0744).
import { Writable } from 'node:stream';
import { Logger, type LoggerOptions } from './logger.js';

export class LogStream extends Writable {
  readonly logger: Logger;

  constructor(opts: LoggerOptions | Logger) {
    super({ decodeStrings: true });
    this.logger = opts instanceof Logger ? opts : new Logger(opts);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    try {
      this.logger.write(chunk);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    try {
      // one push for the batch, as one read(2) of a pipe would return several writes
      this.logger.write(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)));
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _final(cb: (e?: Error | null) => void): void {
    try {
      this.logger.close();
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    // destroyed without end(): the locks go, current stays unfinished (a restart archives it as .u)
    if (err) this.logger.abandon();
    cb(err);
  }
}

/** Opens a logger (throws as openLogger) and returns it as a Writable. */
export function createLogStream(opts: LoggerOptions | Logger): LogStream {
  return new LogStream(opts);
}
