import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AisStream } from '../../src/ais/stream.js';
import { compareObjects, type CompareResult } from './compare.js';
import { fixtures } from './paths.js';

/**
 * libais (schwehr/libais, through its gpsd-compatibility layer `ais.compatibility.gpsd`) writes
 * its own JSON schema. To compare decoded values, not schemas, its objects are mapped onto
 * ours: `spare*` (padding bits, no information) and `*_text`/`*_str` (each decoder's own
 * wording of a legend) are left out; libais's names for the same values are renamed
 * (`part_num` 0/1 = `part` A/B, tag-block receive time = `rxtime`, area notice `x`/`y` =
 * `lon`/`lat`, ...); libais's `null` for "turn not available" is gpsd's "n/a". Where libais
 * departs from ITU-R M.1371 (an inverted flag, a wrong unit, its 6-bit alphabet), the known
 * difference is normalised, each with its reason below. Everything else counts, including
 * libais fields gpsd does not decode (they count as unequal when we lack them).
 */
function mapLibais(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (/^spare\d*$/.test(k) || k.endsWith('_text') || k.endsWith('_str') || k === 'class' || k === 'device' || k === 'scaled') continue;
    if (k === 'part_num') out.part = v === 0 ? 'A' : 'B';
    else if (o.type === 18 && k === 'unit') out.cs = v;
    else if (o.type === 18 && k === 'mode') out.assigned = v;
    // libais reports type 27's bit as "position is current GNSS", the inverse of the raw bit gpsd prints
    else if (o.type === 27 && k === 'gnss') out.gnss = !v;
    // libais inverts type 6's retransmit bit (ais6.cpp); M.1371 Table 62: 1 = retransmitted, as gpsd and we print
    else if (o.type === 6 && k === 'retransmit') out.retransmit = !v;
    // libais divides type 9's SOG by 10 as for ships; M.1371 Table 48 gives it in 1-knot steps (gpsd and we print knots)
    else if (o.type === 9 && k === 'speed') out.speed = Math.round(Number(v) * 10);
    // libais's names for station 2's one message (gpsd's type2_1/offset2_1)
    else if (o.type === 15 && k === 'msg_2') out.type2_1 = v;
    else if (o.type === 15 && k === 'slot_offset_2') out.offset2_1 = v;
    // zeros the compatibility layer adds for a second message to station 2, which M.1371 message 15 does not have
    else if (o.type === 15 && (k === 'type2_2' || k === 'offset2_2')) continue;
    // libais's Python binding fills duration_minutes from the start minute (ais_py.cpp), so it is the minute
    else if (o.type === 8 && o.fid === 22 && k === 'duration_minutes') out.minute = v;
    else if (k === 'sub_areas' && Array.isArray(v)) out.sub_areas = v.map((a) => mapLibais(a as Record<string, unknown>));
    else if (k === 'x' && 'sub_area_type' in o) out.lon = v;
    else if (k === 'y' && 'sub_area_type' in o) out.lat = v;
    // libais prints free text with its '@' padding; gpsd and we end 6-bit text at the first '@'
    else if (k === 'text' && typeof v === 'string') out.text = v.split('@')[0]!.trimEnd();
    // libais's exact (r / 4.733)^2; gpsd and we print 2 decimals, which still tell every raw rate apart
    else if (k === 'turn' && typeof v === 'number') out.turn = Math.round(v * 100) / 100;
    else if (k === 'turn' && v === null) out.turn = 'n/a';
    else if (k === 'tagblock_timestamp') out.rxtime = new Date(String(v)).toISOString();
    else if (k === 'timestamp' && 'tagblock_timestamp' in o) continue;
    else if (k === 'tagblock_station') out.station = v;
    else if (k === 'tagblock_T' || k === 'tagblock_q' || k === 'tagblock_group') continue;
    else out[k] = v;
  }
  return out;
}

/** 6-bit text keys of our output. */
const TEXT_KEYS = ['shipname', 'callsign', 'destination', 'name', 'vendorid', 'text'] as const;

/**
 * libais's 6-bit alphabet has '-' for code 31 and '`' for code 39, where ITU-R M.1371 Table 47
 * (and gpsd, and we) have '_' and "'": our text is passed through libais's alphabet so that
 * this one known libais difference does not count.
 */
function libaisAlphabet(m: Record<string, unknown>): Record<string, unknown> {
  const out = { ...m };
  for (const k of TEXT_KEYS) {
    const v = out[k];
    if (typeof v === 'string') out[k] = v.replace(/_/g, '-').replace(/'/g, '`');
  }
  return out;
}

function run(name: string): CompareResult {
  const dir = path.join(fixtures, 'ais/libais');
  const ours = new AisStream({ extended: true, split24: true }).decodeAll(readFileSync(path.join(dir, `${name}.nmea`))).map(libaisAlphabet);
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
    expect(r.equalFields / r.refFields).toBeGreaterThanOrEqual(0.995);
  });
  it('tagblock.nmea decodes as tagblock.json (tag-block time, station, groups)', () => {
    const r = run('tagblock');
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
    expect(r.equalFields / r.refFields).toBeGreaterThanOrEqual(0.995);
  });
});
