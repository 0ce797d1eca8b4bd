/**
 * A store built from the bundled Nampo sample (`darkfleet analyze data/sample/nampo/ais.nmea`)
 * with one indirect screening hit added (the sample ships no list), for the API tests.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { openStore } from '../../src/store/index.js';
import type { Hit } from '../../src/screen/types.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = path.join(root, 'data/sample/nampo/ais.nmea');
/**
 * The sample's positions: the rows of its MarineCadastre CSV, written by the simulator beside the
 * NMEA (one per position line that decodes), so a store of the NMEA must hold exactly these.
 */
export const SAMPLE_POSITIONS = readFileSync(path.join(root, 'data/sample/nampo/ais.csv'), 'utf8').trim().split('\n').length - 1;

/** The vessel of the sample's night encounter, MYONG RYU GANG, and its hit. */
export const HIT_MMSI = 445783662;
export const HIT_IMO = 9566203;
export const HIT: Hit = {
  query: { mmsi: String(HIT_MMSI), imo: String(HIT_IMO), name: 'MYONG RYU GANG' },
  entity: { id: 'ofac-99999', schema: 'Company', name: 'KOREA TEST SHIPPING CO', source: 'ofac-sdn' },
  score: 0.9,
  reasons: ['IMO 9566203 equal'],
  path: [
    { id: null, name: 'MYONG RYU GANG', schema: 'Vessel', relation: null, sanctioned: false },
    { id: 'ofac-99999', name: 'KOREA TEST SHIPPING CO', schema: 'Company', relation: 'owner', sanctioned: true },
  ],
};

export async function buildSampleStore(): Promise<{ dir: string; db: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-api-'));
  const db = path.join(dir, 'nampo.duckdb');
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'darkfleet', 'analyze', SAMPLE, '--db', db, '-q']);
    if (code !== 0) throw new Error(`analyze exited ${code}`);
  } finally {
    out.mockRestore();
  }
  const store = await openStore(db, { threads: 1 });
  try {
    await store.putScreeningHits([HIT]);
  } finally {
    await store.close();
  }
  return { dir, db };
}
