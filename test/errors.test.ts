import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';

describe('errors', () => {
  it('every exported error class extends DarkfleetError and carries a code', () => {
    const made = [
      new errors.NmeaError('checksum', 'bad checksum'),
      new errors.SourceError('unreadable', 'x'),
      new errors.StoreError('boom', 'SELECT 1', [1]),
      new errors.ScreenError('bad_list', 'x'),
      new errors.UsageError('x'),
    ];
    for (const e of made) {
      expect(e).toBeInstanceOf(errors.DarkfleetError);
      expect(e).toBeInstanceOf(Error);
      expect(typeof e.code).toBe('string');
      expect(e.code.length).toBeGreaterThan(0);
    }
    const exported = Object.values(errors).filter((v) => typeof v === 'function');
    expect(exported.length).toBe(made.length + 1);
  });
});
