/**
 * Binary message payloads (types 6 and 8) against gpsd's regression files: every structured
 * key gpsd printed after "fid" must match, and where gpsd printed "data" we must decline
 * (return null) and gpsd's data string must follow from the payload.
 *
 * Cases come from the extract in test/fixtures/ais-binary (works in a fresh clone); when
 * ../shared is present, the extract is also checked to be exactly what the shared gpsd files
 * give. `REGEN=1` rewrites the extract from ../shared.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryData, decodeBinary, gpsdText } from '../../src/ais/binary/index.js';
import { uint } from '../../src/ais/bits.js';
import { daemonCases, formatCases, parseFixture, payloadOf, sampleCases, type GpsdCase } from './binary-cases.js';
import { fixtures, shared } from './paths.js';

const FIXTURE_DIR = path.join(fixtures, 'ais-binary');
const GPSD = path.join(shared, 'ais-decoding/gpsd');
/** extract file -> how to build it from the shared gpsd files */
const SOURCES: Record<string, () => GpsdCase[]> = {
  'gpsd-scaled.log.chk': () => sampleCases(read(GPSD, 'sample.aivdm'), read(GPSD, 'sample.aivdm.js.chk'), 'sample.aivdm.js.chk'),
  'gpsd-unscaled.log.chk': () => [
    ...sampleCases(read(GPSD, 'sample.aivdm'), read(GPSD, 'sample.aivdm.ju.chk'), 'sample.aivdm.ju.chk'),
    ...['ais-nmea.log.chk', 'ais-nmea-type6-fid55.log.chk'].flatMap((f) => daemonCases(read(GPSD, 'daemon', f), `daemon/${f}`)),
  ],
};

function read(...parts: string[]): string {
  return readFileSync(path.join(...parts), 'utf8');
}

const sharedPresent = existsSync(GPSD);
if (process.env.REGEN === '1') {
  if (!sharedPresent) throw new Error(`REGEN=1 needs ${GPSD}`);
  for (const [file, build] of Object.entries(SOURCES)) writeFileSync(path.join(FIXTURE_DIR, file), formatCases(build()));
}

function loadCases(file: string): GpsdCase[] | null {
  const fixture = path.join(FIXTURE_DIR, file);
  if (existsSync(fixture)) return parseFixture(read(fixture));
  if (sharedPresent) return SOURCES[file]!();
  if (process.env.CI === 'true') throw new Error(`CI=true but neither ${fixture} nor ${GPSD} exists`);
  console.warn(`skipping: neither ${fixture} nor ${GPSD} exists`);
  return null;
}

/** Decimals of each number gpsd printed, by key (keys repeat in arrays with the same format). */
function printedDecimals(json: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of json.matchAll(/"(\w+)":-?\d+(?:\.(\d+))?/g)) m.set(x[1]!, x[2]?.length ?? 0);
  return m;
}

function valuesEqual(ours: unknown, ref: unknown, key: string, dec: Map<string, number>): boolean {
  if (typeof ours === 'number' && typeof ref === 'number') {
    const dp = dec.get(key) ?? 0;
    // integers exactly; decimals within half a unit of gpsd's printed precision
    if (dp === 0) return ours === ref;
    return Math.abs(ours - ref) <= Math.max(1e-6 * Math.max(1, Math.abs(ref)), 0.5 * 10 ** -dp + 1e-12);
  }
  if (Array.isArray(ours) && Array.isArray(ref)) return ours.length === ref.length && ours.every((v, k) => valuesEqual(v, ref[k], key, dec));
  if (ours && ref && typeof ours === 'object' && typeof ref === 'object' && !Array.isArray(ours) && !Array.isArray(ref)) {
    const o = ours as Record<string, unknown>;
    const r = ref as Record<string, unknown>;
    const ok = Object.keys(o).join() === Object.keys(r).join();
    return ok && Object.keys(r).every((k) => valuesEqual(o[k], r[k], k, dec));
  }
  return ours === ref;
}

interface Tally {
  objects: number;
  fullMatch: number;
  fields: number;
  fieldMatch: number;
  structured: number;
  data: number;
  /** structured objects whose text after "fid" is byte-identical to gpsd's */
  sameText: number;
  diffs: string[];
}

function check(cases: readonly GpsdCase[]): Tally {
  const tally: Tally = { objects: 0, fullMatch: 0, fields: 0, fieldMatch: 0, structured: 0, data: 0, sameText: 0, diffs: [] };
  for (const c of cases) {
    const ref = JSON.parse(c.json) as Record<string, unknown>;
    const type = ref.type as 6 | 8;
    const { sb, nbits } = payloadOf(c.sentences);
    const start = type === 6 ? 88 : 56;
    const dac = uint(sb, start - 16, 10);
    const fid = uint(sb, start - 6, 6);
    const keys = Object.keys(ref);
    const tail = keys.slice(keys.indexOf('fid') + 1);
    const ours = decodeBinary(type, dac, fid, sb, nbits, start, ref.scaled === true);
    const dec = printedDecimals(c.json);
    let ok = dac === ref.dac && fid === ref.fid;
    tally.objects++;
    if ('data' in ref) {
      tally.data++;
      tally.fields++;
      const data = binaryData(type, sb, nbits);
      const good = ours === null && data === ref.data;
      if (good) tally.fieldMatch++;
      else tally.diffs.push(`${c.origin} ${type}/${dac}/${fid}: expected data ${String(ref.data)}, got ${ours ? JSON.stringify(ours) : data}`);
      ok &&= good;
    } else {
      tally.structured++;
      for (const k of tail) {
        tally.fields++;
        const good = ours !== null && valuesEqual(ours[k], ref[k], k, dec);
        if (good) tally.fieldMatch++;
        else tally.diffs.push(`${c.origin} ${type}/${dac}/${fid} ${k}: expected ${JSON.stringify(ref[k])}, got ${ours ? JSON.stringify(ours[k]) : 'null'}`);
        ok &&= good;
      }
      const text = ours !== null && c.json.endsWith(`"fid":${fid}${gpsdText(ours)}}`);
      if (text) tally.sameText++;
      else tally.diffs.push(`${c.origin} ${type}/${dac}/${fid}: text ${ours ? gpsdText(ours) : 'null'} vs gpsd ${c.json}`);
      ok &&= text;
      const order = ours !== null && Object.keys(ours).join() === tail.join();
      if (!order) tally.diffs.push(`${c.origin} ${type}/${dac}/${fid}: keys ${ours ? Object.keys(ours).join() : 'null'} vs gpsd ${tail.join()}`);
      ok &&= order;
    }
    if (ok) tally.fullMatch++;
  }
  return tally;
}

function report(name: string, t: Tally): void {
  console.log(
    `${name}: ${t.fullMatch}/${t.objects} objects match fully (${t.structured} structured, ${t.data} data); ` +
      `fields ${t.fieldMatch}/${t.fields} (${((100 * t.fieldMatch) / Math.max(1, t.fields)).toFixed(2)}%); ` +
      `${t.sameText}/${t.structured} structured objects byte-identical`,
  );
  for (const d of t.diffs.slice(0, 30)) console.log(`  ${d}`);
}

describe('binary payloads (types 6/8) match gpsd regression output', () => {
  for (const file of Object.keys(SOURCES)) {
    it(`every type 6/8 object of ${file}`, (ctx) => {
      const cases = loadCases(file);
      if (!cases) return ctx.skip();
      const t = check(cases);
      report(file, t);
      expect(t.objects).toBeGreaterThan(25);
      expect(t.diffs.slice(0, 40)).toEqual([]);
      expect(t.fullMatch).toBe(t.objects);
    });
  }

  it('covers the structured DAC/FIDs of the gpsd files', (ctx) => {
    const all = Object.keys(SOURCES).flatMap((f) => loadCases(f) ?? []);
    if (all.length === 0) return ctx.skip();
    const kinds = new Set(
      all.map((c) => {
        const r = JSON.parse(c.json) as Record<string, unknown>;
        return `${String(r.type)}/${String(r.dac)}/${String(r.fid)}${'data' in r ? ' data' : ''}`;
      }),
    );
    for (const k of ['6/1/12', '6/1/14', '6/1/18', '6/1/30', '6/1/32', '6/200/55', '6/235/10', '8/1/11', '8/1/31', '8/200/10', '8/200/10 data', '8/1/16 data'])
      expect(kinds, k).toContain(k);
  });

  it('the fixture extract is exactly what the shared gpsd files give', (ctx) => {
    if (!sharedPresent) {
      if (process.env.CI === 'true') throw new Error(`CI=true but ${GPSD} is missing`);
      console.warn(`skipping: ${GPSD} is absent, the extract cannot be re-derived`);
      return ctx.skip();
    }
    for (const [file, build] of Object.entries(SOURCES)) {
      const fixture = path.join(FIXTURE_DIR, file);
      expect(existsSync(fixture), `${fixture} (run with REGEN=1)`).toBe(true);
      expect(read(fixture)).toBe(formatCases(build()));
    }
  });
});
