import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_DIR, SAMPLE_OPTIONS, simulate } from '../../src/sim/index.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = join(repoRoot, SAMPLE_DIR);

/** the package version is recorded in the files; it is not part of the scenario */
function unversioned(name: string, text: string): string {
  if (name === 'ground-truth.json') {
    const t = JSON.parse(text) as { generator: { version?: string } };
    delete t.generator.version;
    return JSON.stringify(t);
  }
  return name === 'README.txt' ? text.replace(/^darkfleet \S+;/m, 'darkfleet x;') : text;
}

describe('bundled sample (data/sample/nampo)', () => {
  it('is what the generator makes today (REGEN=1 rewrites it)', () => {
    if (process.env.REGEN === '1') simulate(dir, SAMPLE_OPTIONS);
    expect(existsSync(join(dir, 'ais.nmea'))).toBe(true);
    const tmp = mkdtempSync(join(tmpdir(), 'sim-sample-'));
    try {
      simulate(tmp, SAMPLE_OPTIONS);
      for (const f of ['ais.nmea', 'ais.csv', 'ground-truth.json', 'zones.geojson', 'README.txt']) {
        const want = readFileSync(join(tmp, f), 'utf8');
        const have = readFileSync(join(dir, f), 'utf8');
        expect(unversioned(f, have) === unversioned(f, want), `${f} differs: run REGEN=1 npx vitest run test/sim/sample.test.ts`).toBe(true);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('stays small', () => {
    expect(readFileSync(join(dir, 'ais.nmea')).length).toBeLessThan(3_000_000);
  });
});
