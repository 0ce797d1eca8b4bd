import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { detectListFormat, loadList } from '../../src/screen/load.js';
import { loadOfac } from '../../src/screen/load-ofac.js';
import { loadUn, vesselMentions } from '../../src/screen/load-un.js';
import { loadFtm } from '../../src/screen/load-ftm.js';
import { loadWatchlist } from '../../src/screen/load-watchlist.js';
import { DarkfleetError } from '../../src/errors.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/screen');

describe('OFAC SDN CSV', () => {
  const l = loadOfac(path.join(FIX, 'ofac_sdn_2021_excerpt/sdn.csv'));
  const byId = new Map(l.entities.map((e) => [e.id, e]));

  it('reads every row, counting the aircraft it does not screen', () => {
    expect(l.entities.length).toBe(25);
    expect(l.rejects).toEqual({ aircraft_not_screened: 1, alt_of_aircraft: 1, invalid_imo_in_remarks: 1 });
  });

  it('parses vessel facts out of the remarks', () => {
    const artavil = byId.get('ofac-15036')!;
    expect(artavil).toMatchObject({
      schema: 'Vessel', name: 'ARTAVIL', imo: ['9187629'], mmsi: ['572469210'], callSigns: ['T2EU4'], flags: ['Iran'],
      pastFlags: ['Malta', 'Tuvalu', 'None Identified', 'Tanzania'], sanctioned: true, programs: ['IRAN'],
    });
    // former names from alt.csv and from the remarks, deduplicated
    expect(artavil.formerNames.sort()).toEqual(['ABADAN', 'ALPHA', 'SHONA']);
    // remark without the "IMO" word
    expect(byId.get('ofac-17104')!.imo).toEqual(['8606173']);
    // "IMO 15411" is no IMO number: counted, not kept
    expect(byId.get('ofac-23424')!.imo).toEqual([]);
    // f.k.a. only in the remarks
    expect(byId.get('ofac-28716')!.formerNames.sort()).toEqual(['SAM 5', 'THINH CUONG']);
    // programs split
    expect(byId.get('ofac-15117')!.programs).toEqual(['IRAN', 'SDGT', 'IFSR', 'IFCA']);
  });

  it('turns Linked To and the owner column into relations', () => {
    expect(l.relations).toContainEqual({ subject: 'ofac-15036', role: 'linked_to', object: 'name:NATIONAL IRANIAN TANKER COMPANY', source: 'ofac-sdn' });
    expect(l.relations).toContainEqual({ subject: 'ofac-15903', role: 'owner', object: 'name:NITC', source: 'ofac-sdn' });
    expect(l.relations).toContainEqual({ subject: 'ofac-15055', role: 'linked_to', object: 'name:HOKOUL SAL OFFSHORE', source: 'ofac-sdn' });
    // the Title column: "Director of Dandong Hongxiang Industrial Development Co Ltd"
    expect(l.relations).toContainEqual({
      subject: 'name:Dandong Hongxiang Industrial Development Co Ltd', role: 'director', object: 'ofac-20565', source: 'ofac-sdn', listedOnly: true,
    });
  });

  it('joins sdn_comments.csv onto the remarks it continues', () => {
    const e = byId.get('ofac-12300')!;
    expect(e.notes).toContain('PROMO RAIZ S.A.S.');
    expect(e.notes!.endsWith('R D I S.A.')).toBe(true);
  });

  it('is found from its folder too', () => {
    expect(detectListFormat(path.join(FIX, 'ofac_sdn_2021_excerpt'))).toBe('ofac-csv');
  });
});

describe('UN consolidated XML', () => {
  const l = loadUn(path.join(FIX, 'un_consolidated_excerpt.xml'));
  const byId = new Map(l.entities.map((e) => [e.id, e]));

  it('reads individuals and entities with OpenSanctions ids', () => {
    const listed = l.entities.filter((e) => e.sanctioned);
    expect(listed.length).toBe(8);
    expect(byId.get('unsc-6908674')).toMatchObject({ name: 'KOREA ACHIM SHIPPING CO', schema: 'Organization', imo: ['5936312'], programs: ['DPRK'] });
    expect(l.published).toBe('2026-02-27T00:00:09.554Z');
  });

  it('turns ships named in the comments into unlisted vessels related to the listed company', () => {
    const rel = (name: string): string | undefined => {
      const v = l.entities.find((e) => e.schema === 'Vessel' && e.name === name);
      return v ? l.relations.find((r) => r.subject === v.id)?.role + ' ' + l.relations.find((r) => r.subject === v.id)?.object : undefined;
    };
    expect(rel('CHON MA SAN')).toBe('owner unsc-6908674');
    expect(rel('HAO FAN 6')).toBe('manager unsc-6908696');
    expect(rel('WOORY STAR')).toBe('owner unsc-6908684');
    expect(rel('SAM MA 2')).toBe('linked_to unsc-6908678');
    expect(l.entities.filter((e) => e.schema === 'Vessel').every((e) => !e.sanctioned)).toBe(true);
  });

  it('does not take companies, codes or sentence starts for ships', () => {
    const names = vesselMentions(
      'A DPRK-flagged tanker, SAM MA 2 owned by Korea Samma Shipping Company, was told to erase SAMMA SHIPPING. IMO number: 5145892.',
      'KOREA SAMMA SHIPPING CO',
    ).map((m) => m.name);
    expect(names).toEqual(['SAM MA 2']);
  });

  it('rejects XML that is not a consolidated list', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'df-un-'));
    const f = path.join(dir, 'x.xml');
    writeFileSync(f, '<?xml version="1.0"?><OTHER/>');
    expect(() => detectListFormat(f)).toThrow(DarkfleetError);
  });
});

describe('FollowTheMoney JSON lines', () => {
  it('reads entities, relations and targets, counting what it cannot use', async () => {
    const l = await loadFtm(path.join(FIX, 'ftm_scenario.jsonl'));
    const byId = new Map(l.entities.map((e) => [e.id, e]));
    expect(byId.get('sim-vessel-sea-breeze')).toMatchObject({
      schema: 'Vessel', imo: ['9321483'], mmsi: ['352001234'], formerNames: ['OCEAN PEARL'], flags: ['pa'], pastFlags: ['km'], sanctioned: false,
    });
    expect(byId.get('sim-co-petro-shadow')!.sanctioned).toBe(true);
    // a Sanction entity makes its subject a target
    expect(byId.get('sim-co-gulf-ops')!.sanctioned).toBe(true);
    // nested owner ingested
    expect(byId.get('sim-co-nested-owner')!.sanctioned).toBe(true);
    expect(l.relations).toContainEqual({ subject: 'sim-vessel-sea-breeze', role: 'owner', object: 'sim-co-bluewave', source: 'sim_registry' });
    expect(l.relations).toContainEqual({ subject: 'sim-co-kestrel', role: 'director', object: 'sim-person-director', source: 'sim_registry' });
    expect(l.relations).toContainEqual({ subject: 'sim-vessel-dark-star', role: 'operator', object: 'sim-co-gulf-ops', source: 'sim_registry' });
    expect(l.relations).toContainEqual({ subject: 'sim-vessel-nested', role: 'owner', object: 'sim-co-nested-owner', source: 'sim_sanctions' });
    expect(l.rejects).toEqual({ 'schema_not_screened:Airplane': 1, incomplete_ownership: 1, bad_json: 1, missing_id_or_schema: 1 });
  });
});

describe('watchlist CSV', () => {
  it('makes every usable row a target with a content-based id', () => {
    const l = loadWatchlist(path.join(FIX, 'watchlist.csv'));
    expect(l.entities.map((e) => e.id)).toEqual(['watch-imo-9305453', 'watch-mmsi-412345678', 'watch-name-mysterytanker', 'watch-name-badimorow']);
    expect(l.entities.every((e) => e.sanctioned && e.schema === 'Vessel')).toBe(true);
    expect(l.rejects).toEqual({ invalid_imo: 1, no_identity: 1 });
  });
});

describe('loadList', () => {
  it('tells formats apart by content', async () => {
    expect((await loadList(path.join(FIX, 'watchlist.csv'))).format).toBe('watchlist-csv');
    expect((await loadList(path.join(FIX, 'ftm_scenario.jsonl'))).format).toBe('ftm-jsonl');
    expect((await loadList(path.join(FIX, 'un_consolidated_excerpt.xml'))).format).toBe('un-xml');
    expect((await loadList(path.join(FIX, 'ofac_sdn_2021_excerpt/sdn.csv'))).format).toBe('ofac-csv');
  });
  it('says what it cannot read', async () => {
    await expect(loadList(path.join(FIX, 'nope.csv'))).rejects.toMatchObject({ code: 'list_not_found' });
    await expect(loadList(path.join(FIX, 'PROVENANCE.md'))).rejects.toMatchObject({ code: 'unknown_list_format' });
  });
});

describe('gzip inputs', () => {
  it('reads gzipped lists, told by their magic bytes', async () => {
    const { gzipSync } = await import('node:zlib');
    const { readFileSync, mkdirSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'df-gz-'));
    const ofacDir = path.join(dir, 'ofac');
    mkdirSync(ofacDir);
    for (const f of ['sdn.csv', 'alt.csv', 'sdn_comments.csv']) {
      writeFileSync(path.join(ofacDir, `${f}.gz`), gzipSync(readFileSync(path.join(FIX, 'ofac_sdn_2021_excerpt', f))));
    }
    const ofac = await loadList(ofacDir);
    const plain = await loadList(path.join(FIX, 'ofac_sdn_2021_excerpt'));
    expect(ofac.entities).toEqual(plain.entities);
    const ftmGz = path.join(dir, 'entities.bin');
    writeFileSync(ftmGz, gzipSync(readFileSync(path.join(FIX, 'ftm_scenario.jsonl'))));
    const ftm = await loadList(ftmGz);
    expect(ftm.format).toBe('ftm-jsonl');
    expect(ftm.entities).toEqual((await loadList(path.join(FIX, 'ftm_scenario.jsonl'))).entities);
  });
});
