import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { encodeSentences } from '../../src/ais/encode.js';
import { AisStream } from '../../src/ais/stream.js';
import { COMMON_TABLES, arbFor } from './arb.js';
import { compareObjects } from './compare.js';

const hasGpsdecode = spawnSync('gpsdecode', ['-V']).status === 0;
if (!hasGpsdecode) {
  if (process.env.CI === 'true') throw new Error('CI=true but gpsdecode (Debian gpsd-clients) is not installed');
  console.warn('skipping: gpsdecode is not installed (apt-get install gpsd-clients)');
}

const GEN = COMMON_TABLES;

describe.skipIf(!hasGpsdecode)("agreement with Debian's gpsdecode on random messages", () => {
  it('every common type, full value ranges, unscaled', () => {
    const msgs = fc.sample(
      fc.oneof(
        ...GEN.map(([types, def]) =>
          fc.record({ type: fc.constantFrom(...types), repeat: fc.integer({ min: 0, max: 3 }), mmsi: fc.integer({ min: 1, max: 999999999 }), f: arbFor(def, false) }),
        ),
      ),
      { numRuns: 3000, seed: 1126 },
    );
    const lines = msgs.flatMap((m, i) => encodeSentences({ type: m.type, repeat: m.repeat, mmsi: m.mmsi, ...m.f }, { seqId: i % 10 }));
    const input = `${lines.join('\n')}\n`;
    const res = spawnSync('gpsdecode', ['-u', '-j'], { input, maxBuffer: 1 << 28, encoding: 'latin1' });
    expect(res.status).toBe(0);
    const refs = res.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const ours = new AisStream({ scaled: false }).decodeAll(input);
    // legend wording (`*_text`) changes between gpsd releases (Debian's 3.22 says "INVALID EPFD"
    // where gpsd's current regression files say "Internal GNSS"): compare the decoded values
    const values = refs.map((o) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.endsWith('_text'))));
    const r = compareObjects(ours, values);
    console.log(`gpsdecode: ${refs.length} objects, matched ${r.matchedObjects}, fields ${r.equalFields}/${r.refFields}; ours ${ours.length}`);
    if (r.diffs.length) console.log(r.diffs.slice(0, 10).join('\n'));
    expect(refs.length).toBeGreaterThan(2500);
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
    expect(r.equalFields / r.refFields).toBeGreaterThanOrEqual(0.995);
  });
});
