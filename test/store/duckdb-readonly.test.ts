import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';

describe('duckdb store opened read-only (serve)', () => {
  it('reads what is stored, refuses every write, and refuses a missing store instead of creating one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-ro-'));
    try {
      const file = path.join(dir, 'store.duckdb');
      await expect(openStore(file, { readOnly: true })).rejects.toBeInstanceOf(StoreError);
      const rw = await openStore(file, { threads: 1 });
      await rw.putEvents([{ id: 'gap:412000001:x', type: 'gap', start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z', mmsi: [412000001], lat: 38, lon: 124, confidence: 0.5, flags: [], rule: { name: 'gap', params: {} }, evidence: {} }]);
      await rw.close();
      const ro = await openStore(file, { readOnly: true, threads: 1 });
      try {
        expect((await ro.stats()).events).toEqual({ gap: 1 });
        expect((await ro.eventPage({ limit: 10 })).events.length).toBe(1);
        const err = await ro.putEvents([{ id: 'gap:412000001:y', type: 'gap', start: '2024-03-02T00:00:00Z', end: '2024-03-02T12:00:00Z', mmsi: [412000001], lat: 38, lon: 124, confidence: 0.5, flags: [], rule: { name: 'gap', params: {} }, evidence: {} }]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect(String((err as Error).message)).toMatch(/read-only/);
        await expect(ro.beginSource('k')).rejects.toBeInstanceOf(StoreError);
        expect((await ro.stats()).events).toEqual({ gap: 1 });
      } finally {
        await ro.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
