/**
 * `npm run bench -- screen [identities] [entities]`: screening throughput. Lists are the
 * real OFAC 2021 and UN snapshots (../shared/data/sanctions, else the bundled excerpts)
 * topped up with seeded synthetic entities (vessels, companies, people, ownership links) to
 * `entities` (default 50,000); `identities` (default 100,000) seeded AIS identities are
 * screened: most ordinary, some carrying a listed IMO, a perturbed listed name, or an owner.
 * Goal (issue D): 100k identities against 50k entities in <= 10 s, list loading and index
 * building included. Last stdout line: one JSON object.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadList } from '../src/screen/load.js';
import { Screener } from '../src/screen/screen.js';
import { emptyEntity } from '../src/screen/types.js';
import type { ListEntity, LoadedList, Relation, VesselIdentity } from '../src/screen/types.js';
import { madeUpName, perturbName, prng, randomImo } from '../test/screen/perturb.js';

const SYLLABLES = [
  'an', 'ba', 'bo', 'chen', 'da', 'de', 'dong', 'el', 'fa', 'fu', 'ga', 'go', 'hai', 'han', 'he', 'hong', 'hu',
  'ja', 'jin', 'ka', 'kang', 'ki', 'ko', 'la', 'le', 'li', 'lo', 'ma', 'me', 'mi', 'mo', 'na', 'ne', 'ni', 'no',
  'pa', 'pe', 'po', 'ra', 're', 'ri', 'ro', 'sa', 'se', 'shan', 'si', 'so', 'ta', 'te', 'ti', 'to', 'va', 've',
  'vi', 'wan', 'xi', 'ya', 'yo', 'yu', 'za', 'ze', 'zhou',
];

function word(rnd: () => number): string {
  const n = 2 + Math.floor(rnd() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
  return w.toUpperCase();
}

function synthName(rnd: () => number, words: number): string {
  return Array.from({ length: words }, () => word(rnd)).join(' ');
}

function synthLists(count: number, rnd: () => number): LoadedList {
  const entities: ListEntity[] = [];
  const relations: Relation[] = [];
  const nVessels = Math.floor(count * 0.4);
  const nCompanies = Math.floor(count * 0.4);
  const companies: string[] = [];
  for (let i = 0; i < nCompanies; i++) {
    const e = emptyEntity(`synth-co-${i}`, 'Company', `${synthName(rnd, 2)} ${rnd() < 0.5 ? 'SHIPPING CO LTD' : 'MARINE S.A.'}`, 'synthetic');
    e.sanctioned = rnd() < 0.3;
    entities.push(e);
    companies.push(e.id);
    if (i > 0 && rnd() < 0.5) relations.push({ subject: e.id, role: 'owner', object: companies[Math.floor(rnd() * i)]!, source: 'synthetic' });
  }
  for (let i = 0; i < nVessels; i++) {
    const e = emptyEntity(`synth-vessel-${i}`, 'Vessel', rnd() < 0.5 ? madeUpName(rnd) + ' ' + word(rnd) : synthName(rnd, 1 + Math.floor(rnd() * 3)), 'synthetic');
    e.imo.push(randomImo(rnd));
    if (rnd() < 0.3) e.mmsi.push(String(200000000 + Math.floor(rnd() * 575999999)));
    if (rnd() < 0.3) e.formerNames.push(synthName(rnd, 2));
    e.flags.push(['Panama', 'Liberia', 'Togo', 'Iran', 'Cameroon', 'Comoros'][Math.floor(rnd() * 6)]!);
    e.sanctioned = rnd() < 0.5;
    entities.push(e);
    relations.push({ subject: e.id, role: 'owner', object: companies[Math.floor(rnd() * companies.length)]!, source: 'synthetic' });
  }
  for (let i = entities.length; i < count; i++) {
    const e = emptyEntity(`synth-person-${i}`, 'Person', synthName(rnd, 3), 'synthetic');
    e.sanctioned = true;
    entities.push(e);
    if (rnd() < 0.3) relations.push({ subject: companies[Math.floor(rnd() * companies.length)]!, role: 'director', object: e.id, source: 'synthetic' });
  }
  return { file: 'synthetic', format: 'ftm-jsonl', entities, relations, rejects: {} };
}

export async function run(args: string[]): Promise<void> {
  const nIdentities = Number(args[0] ?? 100_000);
  const nEntities = Number(args[1] ?? 50_000);
  const t0 = performance.now();
  const shared = path.resolve(import.meta.dirname, '../../shared/data/sanctions');
  const fixtures = path.resolve(import.meta.dirname, '../test/fixtures/screen');
  const files = existsSync(shared)
    ? [path.join(shared, 'ofac_sdn_2021'), path.join(shared, 'un_consolidated_2026-02-27.xml')]
    : [path.join(fixtures, 'ofac_sdn_2021_excerpt'), path.join(fixtures, 'un_consolidated_excerpt.xml')];
  const real: LoadedList[] = [];
  for (const f of files) real.push(await loadList(f));
  const realCount = real.reduce((s, l) => s + l.entities.length, 0);
  const rnd = prng(20240301);
  const synth = synthLists(Math.max(0, nEntities - realCount), rnd);
  const tLoaded = performance.now();
  const screener = new Screener([...real, synth]);
  const tBuilt = performance.now();

  const listedVessels = [...real, synth].flatMap((l) => l.entities.filter((e) => e.schema === 'Vessel'));
  const identities: VesselIdentity[] = [];
  for (let i = 0; i < nIdentities; i++) {
    const r = rnd();
    const id: VesselIdentity = { mmsi: String(200000000 + Math.floor(rnd() * 575999999)) };
    if (r < 0.02) {
      const v = listedVessels[Math.floor(rnd() * listedVessels.length)]!;
      id.imo = v.imo[0] ?? randomImo(rnd);
      id.name = 'RENAMED ' + word(rnd);
    } else if (r < 0.05) {
      const v = listedVessels[Math.floor(rnd() * listedVessels.length)]!;
      id.name = perturbName(v.name, rnd).name;
    } else {
      id.name = rnd() < 0.5 ? madeUpName(rnd) : synthName(rnd, 1 + Math.floor(rnd() * 3));
      if (rnd() < 0.7) id.imo = randomImo(rnd);
    }
    if (rnd() < 0.3) id.flag = ['PA', 'LR', 'MH', 'KM', 'TG', 'CN'][Math.floor(rnd() * 6)]!;
    if (rnd() < 0.05) id.owner = `${synthName(rnd, 2)} SHIPPING CO LTD`;
    identities.push(id);
  }
  const tGenerated = performance.now();
  let hits = 0;
  let vesselsHit = 0;
  let indirect = 0;
  for (const id of identities) {
    const h = screener.screen(id);
    hits += h.length;
    if (h.length > 0) vesselsHit++;
    for (const x of h) if (x.path.length > 0) indirect++;
  }
  const tDone = performance.now();
  const summary = screener.summary();
  const screenS = (tDone - tGenerated) / 1000;
  const buildS = (tBuilt - tLoaded) / 1000;
  const loadS = (tLoaded - t0) / 1000;
  const totalS = loadS + buildS + screenS;
  const mem = process.memoryUsage().rss / 1e6;
  process.stdout.write(
    `lists: ${files.join(', ')} + ${synth.entities.length} synthetic -> ${summary.entities} entities (${summary.vessels} vessels)\n` +
      `load ${loadS.toFixed(2)} s, index ${buildS.toFixed(2)} s, screen ${nIdentities} identities ${screenS.toFixed(2)} s ` +
      `(${Math.round(nIdentities / screenS)} identities/s), total ${totalS.toFixed(2)} s (goal <= 10 s), rss ${mem.toFixed(0)} MB\n` +
      `${hits} hits (${indirect} through ownership) on ${vesselsHit} identities\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: 'screen', identities: nIdentities, entities: summary.entities, vessels: summary.vessels,
      loadSeconds: +loadS.toFixed(3), indexSeconds: +buildS.toFixed(3), screenSeconds: +screenS.toFixed(3),
      totalSeconds: +totalS.toFixed(3), identitiesPerSecond: Math.round(nIdentities / screenS),
      hits, indirectHits: indirect, vesselsHit, rssMB: Math.round(mem), goalSeconds: 10, pass: totalS <= 10,
    })}\n`,
  );
}
