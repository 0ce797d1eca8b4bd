/**
 * Buffered line output for stdout. Lines are copied straight into a 1 MB byte buffer (so the
 * per-message strings die young and cost the GC nothing) and each full buffer is written at
 * once. `line()` returns true when the stream asked us to wait: the caller then awaits
 * `drain()`, so a slow reader bounds our memory. A closed pipe (`| head`) ends output quietly.
 */
import type { Writable } from 'node:stream';
import { DarkfleetError } from '../errors.js';

const CAP = 1 << 20;

export class LineWriter {
  private buf = Buffer.allocUnsafe(CAP);
  private pos = 0;
  private blocked = false;
  closed = false;

  constructor(private readonly out: Writable) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.closed = true;
      else throw new DarkfleetError('write_failed', `cannot write output: ${err.message}`, { cause: err });
    });
  }

  /** Adds one line (without newline). Returns true when the caller should `await drain()`. */
  line(s: string): boolean {
    if (this.pos + 3 * s.length + 1 > CAP) this.emit();
    if (3 * s.length + 1 > CAP) {
      this.blocked = !this.out.write(`${s}\n`) || this.blocked;
      return this.blocked;
    }
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.buf[this.pos++] = 10;
    return this.blocked;
  }

  /** Buffers the stream has finished writing, for reuse by `bytes()` callers. */
  private readonly free: Uint8Array[] = [];

  /** Writes ready-made bytes (whole lines), after anything buffered. `whole` is the buffer
   *  `b` is a view of: once written it is offered back through `reusable()`. */
  bytes(b: Uint8Array, whole?: Uint8Array): void {
    this.emit();
    if (this.closed) return;
    if (b.length === 0) {
      if (whole) this.free.push(whole);
      return;
    }
    const ok = this.out.write(b, () => {
      if (whole && this.free.length < 4) this.free.push(whole);
    });
    if (!ok) this.blocked = true;
  }

  /** A buffer the stream has finished with, if any. */
  reusable(): Uint8Array | undefined {
    return this.free.pop();
  }

  private emit(): void {
    if (this.pos === 0) return;
    if (!this.closed && !this.out.write(this.buf.subarray(0, this.pos))) this.blocked = true;
    // the written buffer now belongs to the stream: start a new one
    this.buf = Buffer.allocUnsafe(CAP);
    this.pos = 0;
  }

  /** Waits until the stream has taken what was written. */
  async drain(): Promise<void> {
    if (!this.blocked || this.closed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
    this.blocked = false;
  }

  /** Writes what is buffered and waits for it to be taken. */
  async flush(): Promise<void> {
    this.emit();
    await this.drain();
  }
}

/**
 * "Nothing found" (exit code 3, the README's convention): one line on stderr, e.g.
 * `darkfleet: no events match`. Returns the exit code for the command to set.
 */
export function nothingFound(message: string): number {
  process.stderr.write(`darkfleet: ${message}\n`);
  return 3;
}
