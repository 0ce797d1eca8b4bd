import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/stats.js';
import { StoreError } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';
import { Synth } from './synth.js';

async function runCli(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'darkfleet', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('darkfleet stats', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-stats-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints positions, statics, vessels, events by type and rejects by reason', async () => {
    const db = path.join(dir, 'a.duckdb');
    const store = await openStore(db);
    const syn = new Synth({ vessels: 12, staticEvery: 10, dupEvery: 9 });
    await store.beginSource('f1');
    const r = await store.writeBatch({ sourceKey: 'f1', ...syn.slice(0, 900), rejects: { checksum: 4, bad_armour: 1 }, progress: { lineNo: 905 } });
    await store.endSource('f1');
    await store.putEvents([
      { id: 'gap:1', type: 'gap', start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z', mmsi: [syn.mmsiOf(1)], lat: 30, lon: 120, confidence: 0.8, flags: [], rule: { name: 'gap', params: {} }, evidence: {} },
      { id: 'gap:2', type: 'gap', start: '2024-03-02T00:00:00Z', end: '2024-03-02T12:00:00Z', mmsi: [syn.mmsiOf(2)], lat: 30, lon: 120, confidence: 0.8, flags: [], rule: { name: 'gap', params: {} }, evidence: {} },
      { id: 'loiter:1', type: 'loitering', start: '2024-03-01T00:00:00Z', end: '2024-03-01T04:00:00Z', mmsi: [syn.mmsiOf(3)], lat: 30, lon: 120, confidence: 0.6, flags: [], rule: { name: 'loitering', params: {} }, evidence: {} },
    ]);
    await store.close();
    const out = await runCli(['stats', '--db', db]);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({
      positions: r.positionsInserted,
      statics: r.staticsInserted,
      vessels: 12,
      events: { gap: 2, loitering: 1 },
      rejects: { bad_armour: 1, checksum: 4 },
    });
    expect(r.positionsInserted + r.staticsInserted).toBe(900 - 99);
  });

  it('refuses a store that does not exist instead of creating one', async () => {
    const missing = path.join(dir, 'missing.duckdb');
    await expect(runCli(['stats', '--db', missing])).rejects.toBeInstanceOf(StoreError);
  });
});
