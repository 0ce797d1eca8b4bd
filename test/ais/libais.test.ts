import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AisStream } from '../../src/ais/stream.js';
import { compareObjects, type CompareResult } from './compare.js';
import { fixtures } from './paths.js';

/**
 * libais (schwehr/libais) writes its own JSON schema. To compare decoded values, not schemas,
 * its objects are mapped onto ours: `spare*` (padding bits, no information) and `*_text` (each
 * decoder's own wording of a legend) are left out; libais's names for the same values are
 * renamed (`part_num` 0/1 = `part` A/B, tag-block receive time = `rxtime`); libais's `null` for
 * "turn not available" is gpsd's "n/a". Everything else counts, including libais fields gpsd
 * does not decode (they count as unequal when we lack them).
 */
function mapLibais(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (/^spare\d*$/.test(k) || k.endsWith('_text') || k === 'class' || k === 'device' || k === 'scaled') continue;
    if (k === 'part_num') out.part = v === 0 ? 'A' : 'B';
    else if (o.type === 18 && k === 'unit') out.cs = v;
    else if (o.type === 18 && k === 'mode') out.assigned = v;
    // libais reports type 27's bit as "position is current GNSS", the inverse of the raw bit gpsd prints
    else if (o.type === 27 && k === 'gnss') out.gnss = !v;
    else if (k === 'turn' && v === null) out.turn = 'n/a';
    else if (k === 'tagblock_timestamp') out.rxtime = new Date(String(v)).toISOString();
    else if (k === 'timestamp' && 'tagblock_timestamp' in o) continue;
    else if (k === 'tagblock_station') out.station = v;
    else if (k === 'tagblock_T' || k === 'tagblock_q' || k === 'tagblock_group') continue;
    else out[k] = v;
  }
  return out;
}

function run(name: string): CompareResult {
  const dir = path.join(fixtures, 'ais/libais');
  const ours = new AisStream({ extended: true, split24: true }).decodeAll(readFileSync(path.join(dir, `${name}.nmea`)));
  const refs = readFileSync(path.join(dir, `${name}.json`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => mapLibais(JSON.parse(l) as Record<string, unknown>));
  const r = compareObjects(ours, refs);
  console.log(`libais ${name}: objects ${r.matchedObjects}/${r.refObjects}, fields ${r.equalFields}/${r.refFields} (${((100 * r.equalFields) / r.refFields).toFixed(2)}%)`);
  if (Object.keys(r.byKey).length) console.log(`  unequal by key: ${JSON.stringify(r.byKey)}`);
  return r;
}

describe("libais's decode examples", () => {
  it('typeexamples.nmea decodes as typeexamples.json', () => {
    const r = run('typeexamples');
    expect(r.refObjects).toBe(26);
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
    expect(r.equalFields / r.refFields).toBeGreaterThanOrEqual(0.9);
  });
  it('tagblock.nmea decodes as tagblock.json (tag-block time, station, groups)', () => {
    const r = run('tagblock');
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
    expect(r.equalFields / r.refFields).toBeGreaterThanOrEqual(0.9);
  });
});
