/**
 * `screen --db`: every identity a store has seen is screened, hits become sanctions_hit events
 * in the store, and `vessel` then shows them in the risk score.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeSentences } from '../../src/ais/encode.js';
import { fixtures, repoRoot } from '../ais/paths.js';

const BIN = path.join(repoRoot, 'bin/darkfleet.js');
const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-screendb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('darkfleet screen --db', () => {
  it('screens stored identities (a renamed listed tanker found by IMO) and stores sanctions_hit events', () => {
    const t0 = Date.UTC(2026, 2, 1);
    // OFAC ent 15036 ARTAVIL, IMO 9187629, seen in AIS under a new name and a new MMSI
    const lines = [
      ...encodeSentences({ type: 5, mmsi: 511123456, imo: 9187629, callsign: 'T8A999', shipname: 'OCEAN GLORY', shiptype: 80 }, { time: t0, seqId: 1 }),
      ...encodeSentences({ type: 5, mmsi: 511123456, imo: 9187629, callsign: 'T8A999', shipname: 'OCEAN GLORY', shiptype: 80 }, { time: t0 + 360_000, seqId: 2 }),
      ...encodeSentences({ type: 1, mmsi: 511123456, lat: 38 * 600000, lon: 124 * 600000, speed: 0, course: 0, heading: 511, turn: -128 }, { time: t0 + 400_000 }),
      ...encodeSentences({ type: 5, mmsi: 412000111, imo: 9074729, callsign: 'BQTE', shipname: 'HAI XING 7', shiptype: 70 }, { time: t0, seqId: 3 }),
    ];
    const nmea = path.join(dir, 'seen.nmea');
    writeFileSync(nmea, `${lines.join('\n')}\n`);
    const db = path.join(dir, 'store.duckdb');
    expect(run(['ingest', nmea, '--db', db, '-q']).code).toBe(0);
    const r = run(['screen', '--list', path.join(fixtures, 'screen/ofac_sdn_2021_excerpt/sdn.csv'), '--db', db]);
    expect(r.code).toBe(0);
    const hits = r.out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { entity: { id: string }; reasons: string[]; query: Record<string, string> });
    const artavil = hits.find((h) => h.entity.id === 'ofac-15036');
    expect(artavil).toBeDefined();
    expect(artavil!.query.name).toBe('OCEAN GLORY');
    expect(artavil!.reasons.join(' ')).toMatch(/IMO 9187629/);
    const events = run(['events', '--db', db, '--type', 'sanctions_hit', '--format', 'jsonl']).out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; mmsi: number[] });
    expect(events.some((e) => e.id.includes('ofac-15036') && e.mmsi.includes(511123456))).toBe(true);
    // a hit has no place: stored as null, read back as null, exported with no geometry (never 0,0)
    const jl = run(['events', '--db', db, '--type', 'sanctions_hit', '--format', 'jsonl']).out.trim().split('\n').map((l) => JSON.parse(l) as { lat: unknown; lon: unknown });
    for (const e of jl) expect([e.lat, e.lon]).toEqual([null, null]);
    const gj = JSON.parse(run(['events', '--db', db, '--type', 'sanctions_hit', '--format', 'geojson']).out) as { features: { geometry: unknown }[] };
    expect(gj.features.length).toBe(events.length);
    for (const f of gj.features) expect(f.geometry).toBeNull();
    const csv = run(['events', '--db', db, '--type', 'sanctions_hit', '--format', 'csv']).out;
    expect(csv).not.toMatch(/,0,0,/);
    const v = JSON.parse(run(['vessel', '511123456', '--db', db, '--json']).out) as { risk: { score: number; components: { category: string }[] } };
    expect(v.risk.score).toBeGreaterThanOrEqual(50);
    expect(v.risk.components[0]!.category).toBe('sanctions');
    // screening again stores nothing twice
    run(['screen', '--list', path.join(fixtures, 'screen/ofac_sdn_2021_excerpt/sdn.csv'), '--db', db]);
    const again = run(['events', '--db', db, '--type', 'sanctions_hit', '--format', 'jsonl']).out.trim().split('\n');
    expect(again.length).toBe(events.length);
  });

  it("carries each list's programmes through the stored hits into the FtM Sanction (OFAC and UN lists)", () => {
    const t0 = Date.UTC(2026, 2, 1);
    // ARTAVIL (OFAC, by IMO) and CHON MA SAN (OFAC vessel; its owner KOREA ACHIM SHIPPING CO is on the UN list)
    const lines = [
      ...encodeSentences({ type: 5, mmsi: 511123456, imo: 9187629, callsign: 'T8A999', shipname: 'OCEAN GLORY', shiptype: 80 }, { time: t0, seqId: 1 }),
      ...encodeSentences({ type: 1, mmsi: 511123456, lat: 38 * 600000, lon: 124 * 600000, speed: 0, course: 0, heading: 511, turn: -128 }, { time: t0 + 400_000 }),
      ...encodeSentences({ type: 5, mmsi: 445000777, imo: 0, callsign: 'HMXX', shipname: 'CHON MA SAN', shiptype: 80 }, { time: t0, seqId: 2 }),
      ...encodeSentences({ type: 1, mmsi: 445000777, lat: 38.5 * 600000, lon: 124.5 * 600000, speed: 0, course: 0, heading: 511, turn: -128 }, { time: t0 + 400_000 }),
    ];
    const nmea = path.join(dir, 'programs.nmea');
    writeFileSync(nmea, `${lines.join('\n')}\n`);
    const db = path.join(dir, 'programs.duckdb');
    expect(run(['ingest', nmea, '--db', db, '-q']).code).toBe(0);
    const lists = [path.join(fixtures, 'screen/ofac_sdn_2021_excerpt/sdn.csv'), path.join(fixtures, 'screen/un_consolidated_excerpt.xml')];
    const r = run(['screen', '--list', ...lists, '--db', db]);
    expect(r.code, r.err).toBe(0);
    // what screening found, programmes included, straight from the lists
    const hits = r.out.trim().split('\n').map((l) => JSON.parse(l) as { entity: { id: string; source: string; programs?: string[] } });
    const sources = new Set(hits.filter((h) => h.entity.programs?.length).map((h) => h.entity.source));
    expect([...sources].sort()).toEqual(['ofac-sdn', 'un-sc']);
    const x = run(['export', '--tracks', '--format', 'ftm', '--db', db]);
    expect(x.code, x.err).toBe(0);
    const entities = x.out.trim().split('\n').map((l) => JSON.parse(l) as { schema: string; properties: Record<string, string[]> });
    const sanctions = new Map(entities.filter((e) => e.schema === 'Sanction').map((e) => [e.properties.entity![0]!, e.properties.program ?? []]));
    for (const h of hits) expect([h.entity.id, sanctions.get(h.entity.id)]).toEqual([h.entity.id, h.entity.programs ?? []]);
    // the programmes as the list files write them: OFAC's 4th column, UN's UN_LIST_TYPE
    const sdn = readFileSync(lists[0]!, 'utf8');
    const ofacProgram = (ent: string): string => new RegExp(`^${ent},"[^"]*",[^,]*,"([^"]*)"`, 'm').exec(sdn)![1]!;
    expect(sanctions.get('ofac-15036')).toEqual([ofacProgram('15036')]);
    expect(sanctions.get('ofac-23729')).toEqual([ofacProgram('23729')]);
    const un = readFileSync(lists[1]!, 'utf8');
    const unProgram = /<DATAID>6908674<\/DATAID>[\s\S]*?<UN_LIST_TYPE>([^<]+)<\/UN_LIST_TYPE>/.exec(un)![1]!;
    expect(sanctions.get('unsc-6908674')).toEqual([unProgram]);
  });
});
