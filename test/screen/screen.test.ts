import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadList } from '../../src/screen/load.js';
import { readRegistryCsv } from '../../src/screen/input.js';
import { Screener, pathText } from '../../src/screen/screen.js';
import { emptyEntity } from '../../src/screen/types.js';
import type { Hit, LoadedList } from '../../src/screen/types.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/screen');
let lists: LoadedList[];
let s: Screener;

beforeAll(async () => {
  lists = [
    await loadList(path.join(FIX, 'ofac_sdn_2021_excerpt')),
    await loadList(path.join(FIX, 'un_consolidated_excerpt.xml')),
    await loadList(path.join(FIX, 'ftm_scenario.jsonl')),
    await loadList(path.join(FIX, 'watchlist.csv')),
  ];
  s = new Screener(lists, readRegistryCsv(path.join(FIX, 'registry.csv')).entries);
});

const ids = (hits: Hit[]): string[] => hits.map((h) => h.entity.id);

describe('direct matches', () => {
  it('finds a renamed hull by IMO and shows the names it was listed under', () => {
    const [h, ...rest] = s.screen({ imo: '9187629', name: 'NEW HORIZON' });
    expect(rest).toEqual([]);
    expect(h!.entity).toMatchObject({ id: 'ofac-15036', name: 'ARTAVIL' });
    expect(h!.entity.formerNames).toContain('ABADAN');
    expect(h!.score).toBe(1);
    expect(h!.reasons[0]).toMatch(/^imo: IMO 9187629/);
    expect(h!.reasons.some((r) => r.startsWith('renamed:') && r.includes('"ABADAN"') && r.includes('"NEW HORIZON"'))).toBe(true);
  });

  it('finds a vessel seen under a former name and says which', () => {
    const [h] = s.screen({ name: 'GLORY' });
    expect(h!.entity.id).toBe('ofac-15054');
    expect(h!.reasons).toContain('renamed: listed now as "HUGE", formerly "GLORY"');
  });

  it('does not use an IMO whose check digit is wrong', () => {
    expect(s.screen({ imo: '9187628' })).toEqual([]);
    const hits = s.screen({ imo: '9187628', name: 'ARTAVIL' });
    expect(ids(hits)).toEqual(['ofac-15036']);
    expect(hits[0]!.reasons.some((r) => r.startsWith('query_imo_invalid'))).toBe(true);
  });

  it('matches by MMSI, lowering the score when the name disagrees', () => {
    const [same] = s.screen({ mmsi: 572469210, name: 'ARTAVIL' });
    const [other] = s.screen({ mmsi: '572469210', name: 'SOMETHING ELSE' });
    expect(same!.score).toBe(1);
    // 0.8, and +0.02: the MMSI's MID (572, Tuvalu) is one of ARTAVIL's former flags
    expect(other!.score).toBe(0.82);
    expect(other!.reasons).toContain('flag: TV (from the MMSI) is a listed former flag (+0.02)');
  });

  it('normalises names: prefixes, padding, case, spacing', () => {
    for (const name of ['M/T  huge@@@@@@@@@@@@', 'mt HUGE', 'Huge', 'H U G E']) {
      expect(ids(s.screen({ name }))).toContain('ofac-15054');
    }
    expect(ids(s.screen({ name: 'chonmasan' }))).toContain('ofac-23729');
  });

  it('keeps numbers apart', () => {
    expect(ids(s.screen({ name: 'HAO FAN 6' }))).toContain('ofac-23771');
    expect(ids(s.screen({ name: 'HAO FAN 6' }))).not.toContain('ofac-23770');
    expect(s.screen({ name: 'HAO FAN 3' })).toEqual([]);
  });

  it('uses the flag as a qualifier: a mismatch lowers a name match, never an IMO match', () => {
    const plain = s.screen({ name: 'ARTAVLL' })[0]!.score;
    const same = s.screen({ name: 'ARTAVLL', flag: 'Iran' })[0]!.score;
    const former = s.screen({ name: 'ARTAVLL', flag: 'MT' })[0]!.score;
    const other = s.screen({ name: 'ARTAVLL', flag: 'BR' })[0]!.score;
    expect(same).toBeCloseTo(plain + 0.02, 6);
    expect(former).toBeCloseTo(plain + 0.02, 6);
    expect(other).toBeCloseTo(plain - 0.1, 6);
    expect(s.screen({ imo: '9187629', flag: 'BR' })[0]!.score).toBe(1);
  });

  it('adds the call sign as support, and alone it stays below the threshold', () => {
    expect(s.screen({ callsign: 'T2EU4' })).toEqual([]);
    const withCs = s.screen({ name: 'ARTAVLL', callsign: 't2eu4' })[0]!;
    expect(withCs.score).toBeCloseTo(s.screen({ name: 'ARTAVLL' })[0]!.score + 0.05, 6);
  });

  it('matches a long listed name as AIS truncates it to 20 characters', () => {
    const e = emptyEntity('test-long', 'Vessel', 'PRINCESS OF THE NORTHERN SEAS', 'test');
    e.sanctioned = true;
    const t = new Screener([{ file: 'mem', format: 'ftm-jsonl', entities: [e], relations: [], rejects: {} }]);
    const [h] = t.screen({ name: 'PRINCESS OF THE NORT' });
    expect(h!.score).toBe(1);
    expect(h!.reasons[0]).toContain('name as AIS truncates it to 20 characters');
  });

  it('reports nothing for an ordinary ship name', () => {
    expect(s.screen({ name: 'OCEAN STAR 7', flag: 'PA' })).toEqual([]);
  });

  it('honours the threshold', () => {
    const strict = new Screener(lists, [], { threshold: 0.95 });
    expect(strict.screen({ name: 'ARTAVLL' })).toEqual([]);
    expect(ids(strict.screen({ name: 'ARTAVIL' }))).toEqual(['ofac-15036']);
  });

  it('matches the watchlist by IMO, MMSI and name', () => {
    expect(ids(s.screen({ imo: 9305453 }))).toContain('watch-imo-9305453');
    expect(ids(s.screen({ mmsi: 412345678 }))).toEqual(['watch-mmsi-412345678']);
    expect(ids(s.screen({ name: 'MYSTERY TANKER' }))).toEqual(['watch-name-mysterytanker']);
  });
});

describe('ownership exposure', () => {
  it('follows an unlisted vessel through two owners to a sanctioned company', () => {
    const [h, ...rest] = s.screen({ imo: 9321483, name: 'SEA BREEZE' });
    expect(rest).toEqual([]);
    expect(h!.entity.id).toBe('sim-co-petro-shadow');
    expect(h!.path.map((p) => [p.id, p.relation])).toEqual([
      [null, null],
      ['sim-vessel-sea-breeze', 'same vessel'],
      ['sim-co-bluewave', 'owner'],
      ['sim-co-petro-shadow', 'owner'],
    ]);
    expect(pathText(h!.path)).toBe('SEA BREEZE -> same vessel: SEA BREEZE -> owner: Bluewave Holdings Ltd -> owner: Petro Shadow Trading FZE (sanctioned)');
  });

  it('stops at the hop limit', () => {
    const one = new Screener(lists, [], { hops: 1 });
    expect(one.screen({ imo: 9321483 })).toEqual([]);
  });

  it('finds ships named in a UN listing: owner one hop away', () => {
    const hits = s.screen({ name: 'WOORY STAR' });
    expect(ids(hits)).toEqual(['unsc-6908684']);
    expect(hits[0]!.path.at(-1)).toMatchObject({ relation: 'owner', name: 'PHYONGCHON SHIPPING & MARINE', sanctioned: true });
  });

  it('joins the registry: owner resolved by name, then a director who is sanctioned', () => {
    // registry: 9305453 owned by "Kestrel Shipping S.A." whose director is sanctioned
    const hits = s.screen({ imo: '9305453', name: 'GHOST RUNNER' });
    const viaRegistry = hits.find((h) => h.entity.id === 'sim-person-director')!;
    expect(viaRegistry.path.map((p) => p.relation)).toEqual([null, 'owner', 'director']);
    expect(viaRegistry.reasons[0]).toBe('owner (registry): "Kestrel Shipping S.A." is "Kestrel Shipping SA"');
    expect(ids(hits)).toContain('watch-imo-9305453');
  });

  it('keeps the shortest path when the list and the registry both lead to one entity', () => {
    // the FtM vessel is operated by a sanctioned company (2 steps after the vessel itself);
    // the registry names the same operator directly (1 step)
    const h = s.screen({ imo: '9876543' }).find((x) => x.entity.id === 'sim-co-gulf-ops')!;
    expect(h.path.map((p) => p.relation)).toEqual([null, 'operator']);
    expect(h.reasons[0]).toBe('operator (registry): "Gulf Ops Marine L.L.C." is "Gulf Ops Marine LLC"');
  });

  it('resolves an owner name fuzzily and carries the score', () => {
    const [h] = s.screen({ name: 'UNKNOWN SHIP', owner: 'Petro Shadw Trading' });
    expect(h!.entity.id).toBe('sim-co-petro-shadow');
    expect(h!.score).toBeGreaterThan(0.8);
    expect(h!.score).toBeLessThan(1);
    expect(h!.reasons[0]).toMatch(/^owner \(input\): "Petro Shadw Trading" matches "Petro Shadow Trading FZE" \(score 0\.\d\d\)$/);
  });

  it('takes owner columns of the input row', () => {
    const hits = s.screen({ name: 'UNKNOWN SHIP', owner: 'NITC' });
    expect(ids(hits)).toEqual(['ofac-15117']);
    expect(hits[0]!.path.map((p) => p.relation)).toEqual([null, 'owner']);
  });

  it('reaches the sister ships of an owner named only in an OFAC owner column', () => {
    // SAND SWAN (listed) has owner "Sand & Swan Navigation Co. Ltd.", an entity of no list
    const hits = s.screen({ name: 'OTHER SHIP', owner: 'Sand and Swan Navigation Co Ltd' });
    expect(ids(hits)).toEqual(['ofac-4243']);
    expect(hits[0]!.path.map((p) => [p.id, p.relation, p.sanctioned])).toEqual([
      [null, null, false],
      [null, 'owner', false],
      ['ofac-4243', 'owner of', true],
    ]);
  });

  it('follows officers named in the OFAC Title column, and reads people in any name order', () => {
    const hits = s.screen({ name: 'FRONT SHIP', owner: 'Xiaohong Ma' });
    expect(ids(hits)).toEqual(['ofac-20565']);
    expect(hits[0]!.reasons[0]).toBe('owner (input): "Xiaohong Ma" matches "MA, Xiaohong" (score 1.00)');
    // her company is one hop further; with the person listed herself the search stops at her
    const co = s.screen({ name: 'FRONT SHIP', manager: 'Dandong Hongxiang Industrial Development Co., Ltd.' });
    expect(ids(co)).toEqual(['ofac-20564']);
    const person = s.entities.findIndex((e) => e.id === 'ofac-20565');
    expect(s.graph.adj[person]!.map((e) => [e.label, s.entities[e.to]!.id])).toContainEqual(['director of', 'ofac-20564']);
  });

  it('reaches a sister ship: vessel -> owner -> owner of a listed vessel', () => {
    // DANIEL's OFAC owner column says NITC: an input vessel owned by NITC is one hop from NITC itself
    const hits = s.screen({ name: 'SISTER', owner: 'National Iranian Tanker Co.' });
    expect(hits[0]!.entity.id).toBe('ofac-15117');
    expect(hits[0]!.path.length).toBe(2);
  });
});

describe('several lists', () => {
  it('merges an OpenSanctions entity with the OFAC record it names in referents', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'df-ref-'));
    const f = path.join(dir, 'os.jsonl');
    writeFileSync(f, [
      JSON.stringify({ id: 'NK-artavil', schema: 'Vessel', referents: ['ofac-15036'], target: true, datasets: ['sanctions'], properties: { name: ['Artavil'], imoNumber: ['9187629'], previousName: ['PRINCESS'] } }),
      JSON.stringify({ id: 'NK-own', schema: 'Ownership', datasets: ['sanctions'], properties: { owner: ['NK-parent'], asset: ['ofac-15036'] } }),
      JSON.stringify({ id: 'NK-parent', schema: 'Company', datasets: ['sanctions'], properties: { name: ['Parent Holding'] } }),
    ].join('\n'));
    for (const order of [[0, 1], [1, 0]]) {
      const ls = [await loadList(path.join(FIX, 'ofac_sdn_2021_excerpt')), await loadList(f)];
      const t = new Screener(order.map((i) => ls[i]!));
      const hits = t.screen({ imo: '9187629' });
      expect(hits.length).toBe(1);
      expect(['ofac-15036', 'NK-artavil']).toContain(hits[0]!.entity.id);
      expect(hits[0]!.entity.formerNames).toContain('PRINCESS');
      expect(hits[0]!.entity.formerNames).toContain('ABADAN');
      // the relation written against the OFAC id reaches the merged entity
      const firstName = order[0] === 0 ? 'ARTAVIL' : 'Artavil';
      expect(t.screen({ name: 'X', owner: 'Parent Holding' }).map((h) => h.entity.name)).toEqual([firstName]);
    }
  });
});
