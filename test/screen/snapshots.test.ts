/**
 * Screening against the real list snapshots in ../shared/data/sanctions (OFAC SDN 2019 and
 * 2021, UN consolidated XML). Truth comes from the raw files, read here independently of
 * the loaders. Skipped with a printed reason when the folder is absent; under CI=true a
 * missing folder fails instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadList } from '../../src/screen/load.js';
import { normalizeVesselName } from '../../src/screen/normalize.js';
import { Screener } from '../../src/screen/screen.js';
import type { ListEntity } from '../../src/screen/types.js';
import { madeUpName, perturbName, prng } from './perturb.js';
import type { Perturbation } from './perturb.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const DIR = path.resolve(repoRoot, '../shared/data/sanctions');
const present = existsSync(DIR);
if (!present) {
  if (process.env['CI'] === 'true') throw new Error(`CI=true and ${DIR} is missing: the snapshot tests cannot run`);
  console.warn(`skipping screening snapshot tests: ${DIR} not found`);
}

/** (ent_num, IMO) of every vessel row whose remarks name an IMO number, from the raw CSV. */
function vesselImosFromRaw(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(file, 'latin1').split(/\r?\n/)) {
    if (!/^\d+,"[^"]*","vessel",/.test(line)) continue;
    const m = /IMO (\d{7})\b/.exec(line) ?? /Vessel Registration Identification (\d{7})\b/.exec(line);
    if (m) out.set(`ofac-${line.slice(0, line.indexOf(','))}`, m[1]!);
  }
  return out;
}

describe.skipIf(!present).each(['2019', '2021'])('OFAC SDN %s snapshot', (year) => {
  let screener: Screener;
  let vessels: ListEntity[];
  const sdn = path.join(DIR, `ofac_sdn_${year}`, 'sdn.csv');

  beforeAll(async () => {
    const list = await loadList(sdn);
    screener = new Screener([list]);
    vessels = list.entities.filter((e) => e.schema === 'Vessel');
  });

  it('has the documented number of vessels', () => {
    expect(vessels.length).toBe(year === '2019' ? 323 : 406);
  });

  it('finds every vessel with an IMO in its remarks by that IMO alone', () => {
    const truth = vesselImosFromRaw(sdn);
    // PROVENANCE: 316 (2019) and 399 (2021) remarks say "IMO nnnnnnn"; one more says only the number
    expect(truth.size).toBe(year === '2019' ? 317 : 400);
    const missed: string[] = [];
    for (const [id, imo] of truth) {
      const hits = screener.screen({ imo });
      const h = hits.find((x) => x.entity.id === id);
      if (!h || h.score !== 1) missed.push(`${id} ${imo}`);
    }
    expect(missed).toEqual([]);
  });

  it('finds perturbed names of all listed vessels without IMO at recall >= 0.90 (seeded)', () => {
    const rnd = prng(year === '2019' ? 2019 : 2021);
    let n = 0;
    let found = 0;
    const by: Partial<Record<Perturbation, [number, number]>> = {};
    for (const v of vessels) {
      for (let k = 0; k < 5; k++) {
        const p = perturbName(v.name, rnd);
        const ok = screener.screen({ name: p.name }).some((h) => h.entity.id === v.id);
        n++;
        if (ok) found++;
        for (const a of p.applied) {
          const c = (by[a] ??= [0, 0]);
          c[0]++;
          if (ok) c[1]++;
        }
      }
    }
    const recall = found / n;
    const detail = Object.entries(by).map(([k, [a, b]]) => `${k} ${(b / a).toFixed(3)} (${a})`).join(', ');
    console.log(`OFAC ${year}: perturbed-name recall ${recall.toFixed(4)} over ${n} names of ${vessels.length} vessels; by perturbation: ${detail}`);
    expect(n).toBe(vessels.length * 5);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    // typos alone must hold up too, not only the easy perturbations
    expect(by.typo![1] / by.typo![0]).toBeGreaterThanOrEqual(0.9);
  });

  it('hits made-up ordinary ship names at most 2% of the time (seeded)', () => {
    const listed = new Set(vessels.flatMap((v) => [v.name, ...v.aliases, ...v.formerNames]).map((x) => normalizeVesselName(x).compact));
    const rnd = prng(7);
    let n = 0;
    let hits = 0;
    let exact = 0;
    const examples: string[] = [];
    while (n < 5000) {
      const name = madeUpName(rnd);
      // a made-up name that is a listed name is a true hit, not a false one
      if (listed.has(normalizeVesselName(name).compact)) {
        exact++;
        continue;
      }
      n++;
      const h = screener.screen({ name });
      if (h.length > 0) {
        hits++;
        if (examples.length < 5) examples.push(`${name} ~ ${h[0]!.entity.name} ${h[0]!.score}`);
      }
    }
    console.log(`OFAC ${year}: false hits on made-up names ${hits}/${n} = ${(hits / n).toFixed(4)} (${exact} skipped as listed names) e.g. ${examples.join('; ')}`);
    expect(hits / n).toBeLessThanOrEqual(0.02);
  });

  it('finds a renamed vessel by IMO and shows the old name', () => {
    // every listed vessel with former names, seen under a new name with its IMO
    const renamed = vessels.filter((v) => v.formerNames.length > 0 && v.imo.length > 0);
    expect(renamed.length).toBeGreaterThan(50);
    for (const v of renamed) {
      const h = screener.screen({ imo: v.imo[0]!, name: 'BRAND NEW NAME' }).find((x) => x.entity.id === v.id);
      expect(h, v.id).toBeDefined();
      const why = h!.reasons.find((r) => r.startsWith('renamed:'))!;
      for (const old of v.formerNames) expect(why).toContain(`"${old}"`);
      // and the old name alone, seen in AIS, leads to the vessel
      const byOld = screener.screen({ name: v.formerNames[0]! }).find((x) => x.entity.id === v.id);
      expect(byOld?.reasons.some((r) => r.includes(`formerly "${v.formerNames[0]}"`)), `${v.id} by ${v.formerNames[0]}`).toBe(true);
    }
  });
});

describe.skipIf(!present)('list updates and the UN list', () => {
  it('finds vessels designated between the snapshots with the new list only', async () => {
    const old = await loadList(path.join(DIR, 'ofac_sdn_2019'));
    const cur = await loadList(path.join(DIR, 'ofac_sdn_2021'));
    const oldIds = new Set(old.entities.map((e) => e.id));
    const added = cur.entities.filter((e) => e.schema === 'Vessel' && !oldIds.has(e.id) && e.imo.length > 0);
    console.log(`OFAC 2019 -> 2021: ${added.length} vessels with IMO added`);
    expect(added.length).toBeGreaterThan(50);
    const s19 = new Screener([old]);
    const s21 = new Screener([cur]);
    for (const v of added) {
      expect(s21.screen({ imo: v.imo[0]! }).map((h) => h.entity.id)).toContain(v.id);
      expect(s19.screen({ imo: v.imo[0]! }).map((h) => h.entity.id)).not.toContain(v.id);
    }
  });

  it('links ships named in UN DPRK listings to the listed company', async () => {
    const un = await loadList(path.join(DIR, 'un_consolidated_2026-02-27.xml'));
    expect(un.entities.filter((e) => e.sanctioned).length).toBe(730 + 273);
    const s = new Screener([un]);
    // PROVENANCE: "CHON MYONG 1 IMO 5571322; PAEK MA 5963351" (company numbers of their owners)
    const chon = s.screen({ name: 'CHON MYONG 1' });
    expect(chon.map((h) => h.entity.id)).toEqual(['unsc-6908670']);
    expect(chon[0]!.entity.imo).toEqual(['5571322']);
    const paek = s.screen({ name: 'PAEK MA' }).map((h) => h.entity.id).sort();
    expect(paek).toEqual(['unsc-6908671', 'unsc-6908683']);
    // the company IMO number is not a ship number: no vessel hit by it
    expect(s.screen({ imo: '5571322' })).toEqual([]);
  });

  it('joins OFAC and UN: the OFAC vessel and its UN-listed manager both reported', async () => {
    const s = new Screener([await loadList(path.join(DIR, 'ofac_sdn_2021')), await loadList(path.join(DIR, 'un_consolidated_2026-02-27.xml'))]);
    const hits = s.screen({ name: 'M/V HAO FAN 2' });
    expect(hits.map((h) => h.entity.id)).toEqual(['ofac-23770', 'unsc-6908696']);
    expect(hits[1]!.path.at(-1)!.relation).toBe('manager');
  });
});
