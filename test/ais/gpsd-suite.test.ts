import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AisStream } from '../../src/ais/stream.js';
import { addResults, compareObjects, parseChk, type CompareResult } from './compare.js';
import { fixtures } from './paths.js';

const GPSD = path.join(fixtures, 'ais/gpsd');

function run(file: string, scaled: boolean): Record<string, unknown>[] {
  const s = new AisStream({ scaled });
  return s.decodeAll(readFileSync(file));
}

function report(name: string, r: CompareResult): void {
  const objPct = ((100 * r.matchedObjects) / r.refObjects).toFixed(2);
  const fieldPct = ((100 * r.equalFields) / r.refFields).toFixed(2);
  console.log(`${name}: objects ${r.matchedObjects}/${r.refObjects} (${objPct}%), fields ${r.equalFields}/${r.refFields} (${fieldPct}%)`);
  if (Object.keys(r.byKey).length) console.log(`  unequal by key: ${JSON.stringify(r.byKey)}`);
}

describe("gpsd's AIS regression suite", () => {
  let total: CompareResult | null = null;
  const add = (r: CompareResult): void => {
    total = total ? addResults(total, r) : r;
  };

  it('sample.aivdm decodes as sample.aivdm.js.chk (scaled)', () => {
    const ours = run(path.join(GPSD, 'sample.aivdm'), true);
    const refs = parseChk(readFileSync(path.join(GPSD, 'sample.aivdm.js.chk'), 'utf8'));
    const r = compareObjects(ours, refs);
    report('sample.aivdm (scaled)', r);
    add(r);
    expect(refs.length).toBe(97);
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
  });

  it('sample.aivdm decodes as sample.aivdm.ju.chk (unscaled)', () => {
    const ours = run(path.join(GPSD, 'sample.aivdm'), false);
    const refs = parseChk(readFileSync(path.join(GPSD, 'sample.aivdm.ju.chk'), 'utf8'));
    const r = compareObjects(ours, refs);
    report('sample.aivdm (unscaled)', r);
    add(r);
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
  });

  const daemon = readdirSync(path.join(GPSD, 'daemon')).filter((f) => f.endsWith('.log'));
  it.each(daemon)('daemon/%s decodes as its .chk (unscaled)', (f) => {
    const ours = run(path.join(GPSD, 'daemon', f), false);
    const refs = parseChk(readFileSync(path.join(GPSD, 'daemon', `${f}.chk`), 'utf8'));
    const r = compareObjects(ours, refs);
    report(`daemon/${f}`, r);
    add(r);
    expect(refs.length).toBeGreaterThan(0);
    expect(r.matchedObjects / r.refObjects).toBeGreaterThanOrEqual(0.99);
  });

  it('overall: >= 99% of objects and >= 99.5% of fields equal', () => {
    const t = total!;
    report('gpsd suite overall', t);
    if (t.diffs.length) console.log(t.diffs.slice(0, 15).join('\n'));
    expect(t.matchedObjects / t.refObjects).toBeGreaterThanOrEqual(0.99);
    expect(t.equalFields / t.refFields).toBeGreaterThanOrEqual(0.995);
  });
});
