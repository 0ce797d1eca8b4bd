/** The export tests' own validators refuse what they must (a checker that accepts anything proves nothing). */
import { describe, expect, it } from 'vitest';
import { rfc7946Problems } from './rfc7946.js';
import { ftmProblems, ftmProperties } from './ftm-check.js';

const fc = (geometry: unknown, extra: Record<string, unknown> = {}): unknown => ({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: {} }], ...extra });

describe('RFC 7946 checker', () => {
  it('accepts points, lines and null geometries', () => {
    expect(rfc7946Problems(fc({ type: 'Point', coordinates: [124.6, 38.2] }))).toEqual([]);
    expect(rfc7946Problems(fc({ type: 'LineString', coordinates: [[124.6, 38.2], [124.7, 38.3]] }))).toEqual([]);
    expect(rfc7946Problems(fc(null))).toEqual([]);
  });
  it('refuses lat,lon order, short lines, a crs member and missing members', () => {
    expect(rfc7946Problems(fc({ type: 'Point', coordinates: [38.2, 124.6] })).join()).toMatch(/latitude 124.6 out of range/);
    expect(rfc7946Problems(fc({ type: 'LineString', coordinates: [[124.6, 38.2]] })).join()).toMatch(/two or more positions/);
    expect(rfc7946Problems(fc(null, { crs: { type: 'name' } })).join()).toMatch(/crs/);
    expect(rfc7946Problems({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {} }] }).join()).toMatch(/geometry member is required/);
    expect(rfc7946Problems({ type: 'Feature' })).toEqual(['top level must be a FeatureCollection']);
  });
});

describe('FtM checker', () => {
  it('knows inherited properties', () => {
    const vessel = ftmProperties('Vessel');
    for (const p of ['name', 'imoNumber', 'mmsi', 'flag', 'callSign', 'type', 'previousName', 'owner', 'operator']) expect(vessel.has(p)).toBe(true);
    expect(ftmProperties('Ownership').has('asset')).toBe(true);
    expect(ftmProperties('Sanction').has('authority')).toBe(true);
  });
  it('refuses unknown schemata and properties, abstract schemata and bare values', () => {
    expect(ftmProblems('{"id":"x","schema":"Vessel","properties":{"name":["A"]}}')).toEqual([]);
    expect(ftmProblems('{"id":"x","schema":"Ship","properties":{}}')).toEqual(['unknown schema Ship']);
    expect(ftmProblems('{"id":"x","schema":"Vessel","properties":{"imo":["9566203"]}}')).toEqual(['Vessel has no property imo']);
    expect(ftmProblems('{"id":"x","schema":"Thing","properties":{}}')).toEqual(['schema Thing is abstract']);
    expect(ftmProblems('{"id":"x","schema":"Vessel","properties":{"name":"A"}}')).toEqual(['Vessel.name must be a non-empty list of strings']);
    expect(ftmProblems('{"id":"","schema":"Vessel","properties":{}}')).toEqual(['id must be a non-empty string']);
  });
});
