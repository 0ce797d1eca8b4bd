/**
 * FollowTheMoney entities as JSON lines (one `{id, schema, properties: {prop: [values]}}` a
 * line, OpenSanctions' export shape), so darkfleet's findings go back into FtM tools (Aleph,
 * nomenklatura, yente, OpenSanctions' own pipeline):
 * - each AIS vessel as a `Vessel`: name (the latest), previousName, imoNumber, mmsi, callSign,
 *   flag and pastFlags (ISO alpha-2, lower case as FtM writes countries), type (the AIS ship
 *   type's ITU wording);
 * - for each screening hit, the entities of its ownership path (Company, Organization, Person,
 *   LegalEntity, listed Vessel) linked step by step as FtM does: `Ownership` (owner, asset),
 *   `Directorship` (director, organization), `UnknownLink` (subject, object, role) for
 *   operator, manager, "linked to" and the screening match itself (`role: screening match`,
 *   the reasons in `description`);
 * - a `Sanction` (entity, authority, program) for every sanctioned entity.
 * A hit read back from the store carries the entity's id, schema, name, source and list
 * programme(s) (OFAC "DPRK2", UN "DPRK": `Sanction.program`), not its aliases.
 * Ids: list entities keep the list's id (`ofac-15036`); darkfleet's own entities get
 * `darkfleet-` ids, stable across runs (the MMSI, or a SHA-1 of what the entity joins).
 * Property names are checked against FtM's schema in test/export/ftm.test.ts.
 */
import { createHash } from 'node:crypto';
import type { IdentityPeriod } from '../store/types.js';
import type { Hit, PathStep } from '../screen/types.js';
import { OFAC_SOURCE } from '../screen/load-ofac.js';
import { UN_SOURCE } from '../screen/load-un.js';
import { WATCHLIST_SOURCE } from '../screen/load-watchlist.js';
import { shipTypeName } from '../ref/shiptype.js';
import { isoTime } from '../events.js';

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  /** where the entity comes from: `darkfleet` for AIS vessels and links, the list's source otherwise */
  datasets: string[];
}

/** Who issued the sanctions of each list darkfleet reads (FtM `Sanction.authority`). */
const AUTHORITY: Record<string, string> = {
  [OFAC_SOURCE]: 'US Treasury Office of Foreign Assets Control (OFAC)',
  [UN_SOURCE]: 'United Nations Security Council',
  [WATCHLIST_SOURCE]: 'analyst watchlist',
};

/** FtM schemata that are legal entities (Ownership.owner, Directorship.director) and organisations (Directorship.organization). */
const LEGAL = new Set(['LegalEntity', 'Company', 'Organization', 'Person', 'PublicBody']);
const ORGANIZATION = new Set(['Company', 'Organization', 'PublicBody']);
/** schemata that can be owned (Ownership.asset ranges over Asset) */
const ASSET = new Set(['Vessel', 'Company', 'Asset']);
/** schemata with an imoNumber property (a ship's, or a company's IMO number) */
const HAS_IMO = new Set(['Vessel', 'Organization', 'Company', 'PublicBody']);
/** schemata darkfleet writes for list entities; anything else a path names becomes a LegalEntity */
const ENTITY_SCHEMATA = new Set(['Vessel', 'Company', 'Organization', 'Person', 'LegalEntity', 'PublicBody']);

function hashId(...parts: string[]): string {
  return `darkfleet-${createHash('sha1').update(parts.join('\u001f')).digest('hex')}`;
}

export function vesselEntityId(mmsi: number): string {
  return `darkfleet-mmsi-${mmsi}`;
}

function country(flag: string | null): string | null {
  return flag && /^[A-Za-z]{2}$/.test(flag) ? flag.toLowerCase() : null;
}

function uniq(xs: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (x && !out.includes(x)) out.push(x);
  return out;
}

/** Collects entities by id, merging the values of an entity seen twice, and writes them in a stable order. */
export class FtmGraph {
  private readonly byId = new Map<string, FtmEntity>();

  add(e: FtmEntity): string {
    const prev = this.byId.get(e.id);
    if (!prev) {
      const properties: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(e.properties)) if (v.length) properties[k] = uniq(v);
      this.byId.set(e.id, { ...e, properties, datasets: uniq(e.datasets) });
      return e.id;
    }
    for (const [k, v] of Object.entries(e.properties)) if (v.length) prev.properties[k] = uniq([...(prev.properties[k] ?? []), ...v]);
    prev.datasets = uniq([...prev.datasets, ...e.datasets]);
    return e.id;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Things first (vessels, companies, ...), then the links and sanctions that name them. */
  entities(): FtmEntity[] {
    const rank = (s: string): number => (s === 'Vessel' ? 0 : s === 'Sanction' ? 3 : ['Ownership', 'Directorship', 'UnknownLink'].includes(s) ? 2 : 1);
    return [...this.byId.values()].sort((a, b) => rank(a.schema) - rank(b.schema) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** An AIS vessel (one MMSI) from its identity periods; `seen` is its first and last position time when known. */
export function vesselEntity(mmsi: number, periods: readonly IdentityPeriod[], seen?: { from: number; to: number }): FtmEntity {
  const last = periods[periods.length - 1];
  const name = last?.name ?? periods.map((p) => p.name).reverse().find((n) => n) ?? null;
  const flags = uniq(periods.map((p) => country(p.flag)));
  const flag = country(last?.flag ?? null);
  const types = uniq(periods.map((p) => (p.shipType === null ? null : shipTypeName(p.shipType))));
  const span = seen ? ` from ${isoTime(seen.from)} to ${isoTime(seen.to)}` : '';
  return {
    id: vesselEntityId(mmsi),
    schema: 'Vessel',
    properties: {
      name: [name ?? `MMSI ${mmsi}`],
      previousName: uniq(periods.map((p) => p.name)).filter((n) => n !== name),
      mmsi: [String(mmsi)],
      imoNumber: uniq(periods.map((p) => (p.imo === null ? null : String(p.imo)))),
      callSign: uniq(periods.map((p) => p.callsign)),
      flag: flag ? [flag] : [],
      pastFlags: flags.filter((f) => f !== flag),
      type: types.slice(-1),
      description: [`AIS transmitter MMSI ${mmsi} as darkfleet saw it${span}: ${periods.length} identity period${periods.length === 1 ? '' : 's'} from its static reports`],
    },
    datasets: ['darkfleet'],
  };
}

/** The FtM id of a path step: the list's id, or one made from the name for a node a list named only by a string. */
function stepId(s: PathStep): string {
  return s.id ?? hashId('name', s.schema, s.name);
}

function stepSchema(s: PathStep): string {
  return ENTITY_SCHEMATA.has(s.schema) ? s.schema : 'LegalEntity';
}

function link(g: FtmGraph, relation: string, a: { id: string; schema: string }, b: { id: string; schema: string }, description: string[], source: string): void {
  // `relation` is how b (this step) relates to a (the step before): "owner" = b owns a; "owner of" = a owns b
  const base = relation.replace(/ of$/, '');
  const reverse = relation.endsWith(' of');
  const [holder, held] = reverse ? [a, b] : [b, a];
  if (base === 'owner' && LEGAL.has(holder.schema) && ASSET.has(held.schema)) {
    g.add({ id: hashId('Ownership', holder.id, held.id), schema: 'Ownership', properties: { owner: [holder.id], asset: [held.id], role: ['owner'], description }, datasets: [source] });
    return;
  }
  if (base === 'director' && LEGAL.has(holder.schema) && ORGANIZATION.has(held.schema)) {
    g.add({ id: hashId('Directorship', holder.id, held.id), schema: 'Directorship', properties: { director: [holder.id], organization: [held.id], role: ['director'], description }, datasets: [source] });
    return;
  }
  g.add({ id: hashId('UnknownLink', a.id, b.id, relation), schema: 'UnknownLink', properties: { subject: [a.id], object: [b.id], role: [relation], description }, datasets: [source] });
}

/**
 * Adds a screening hit of the AIS vessel `mmsi`: the entities along its path (or the matched
 * entity itself for a direct hit), the links between them, and the Sanction of the target.
 */
export function addHit(g: FtmGraph, mmsi: number, hit: Hit): void {
  const vessel = { id: vesselEntityId(mmsi), schema: 'Vessel' };
  const t = hit.entity;
  const targetSchema = ENTITY_SCHEMATA.has(t.schema) ? t.schema : 'LegalEntity';
  g.add({
    id: t.id,
    schema: targetSchema,
    properties: {
      name: [t.name],
      alias: t.aliases ?? [],
      previousName: t.formerNames ?? [],
      imoNumber: HAS_IMO.has(targetSchema) ? (t.imo ?? []) : [],
      program: t.programs ?? [],
      topics: ['sanction'],
    },
    datasets: [t.source],
  });
  const why = [`darkfleet screening, score ${hit.score}: ${hit.reasons.join('; ')}`];
  const steps = hit.path.slice(1);
  if (steps.length === 0) {
    link(g, 'screening match', vessel, { id: t.id, schema: targetSchema }, why, 'darkfleet');
  } else {
    let prev = vessel;
    steps.forEach((s, k) => {
      const cur = { id: stepId(s), schema: stepSchema(s) };
      if (cur.id !== t.id) {
        // the path does not say which list named an intermediate entity: it is as darkfleet's screening found it
        g.add({ id: cur.id, schema: cur.schema, properties: { name: [s.name], topics: s.sanctioned ? ['sanction'] : [] }, datasets: ['darkfleet'] });
      }
      // the first step is the screening match of the AIS vessel with a listed one ("same vessel")
      link(g, k === 0 && s.relation === 'same vessel' ? 'screening match' : (s.relation ?? 'linked to'), prev, cur, k === 0 ? why : [], 'darkfleet');
      prev = cur;
    });
  }
  g.add({
    id: hashId('Sanction', t.id),
    schema: 'Sanction',
    properties: { entity: [t.id], authority: [AUTHORITY[t.source] ?? t.source], program: t.programs ?? [] },
    datasets: [t.source],
  });
}
