/**
 * FollowTheMoney entities as JSON lines, the format OpenSanctions exports
 * (`entities.ftm.json`, and `targets.nested.json` where relation ends are nested objects).
 * Screened schemata: Vessel, Company, Organization, LegalEntity, Person. Relations:
 * Ownership (owner -> asset), Directorship (director -> organization), UnknownLink
 * (subject -> object), a Vessel's `owner` / `operator` properties. An entity is a target
 * when `target` is true, its topics include `sanction`, or a Sanction entity names it.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { openByteSource } from '../sources/open.js';
import { imoDigits } from '../ref/imo.js';
import { mmsiDigits } from '../ref/mmsi.js';
import { addReject, emptyEntity } from './types.js';
import type { EntitySchema, ListEntity, LoadedList, Relation, RelationRole } from './types.js';

const SCREENED = new Set<string>(['Vessel', 'Company', 'Organization', 'LegalEntity', 'Person', 'PublicBody']);
const LINKS: Record<string, [string, RelationRole, string]> = {
  // schema: [property naming the subject, role, property naming the object]
  Ownership: ['asset', 'owner', 'owner'],
  Directorship: ['organization', 'director', 'director'],
  UnknownLink: ['subject', 'linked_to', 'object'],
};

interface FtmEntity {
  id?: unknown;
  schema?: unknown;
  properties?: Record<string, unknown>;
  datasets?: unknown;
  target?: unknown;
  referents?: unknown;
}

export async function loadFtm(file: string): Promise<LoadedList> {
  const rejects: Record<string, number> = {};
  const entities = new Map<string, ListEntity>();
  const relations: Relation[] = [];
  const sanctionedIds = new Set<string>();
  const src = await openByteSource(file);
  const rl = createInterface({ input: Readable.from(src.chunks(), { objectMode: false }).setEncoding('utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      addReject(rejects, 'bad_json');
      continue;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      addReject(rejects, 'not_an_entity');
      continue;
    }
    ingest(obj as FtmEntity, 'opensanctions');
  }
  for (const id of sanctionedIds) {
    const e = entities.get(id);
    if (e) e.sanctioned = true;
  }
  return { file, format: 'ftm-jsonl', entities: [...entities.values()], relations, rejects };

  /** Adds one entity (and any nested ones); returns its id or null. */
  function ingest(o: FtmEntity, parentSource: string): string | null {
    const id = typeof o.id === 'string' ? o.id : null;
    const schema = typeof o.schema === 'string' ? o.schema : null;
    if (!id || !schema) {
      addReject(rejects, 'missing_id_or_schema');
      return null;
    }
    const props = o.properties ?? {};
    const datasets = Array.isArray(o.datasets) ? o.datasets.filter((d): d is string => typeof d === 'string') : [];
    const source = datasets[0] ?? parentSource;
    const link = LINKS[schema];
    if (link) {
      const [subjProp, role, objProp] = link;
      const subjects = refs(props[subjProp], source);
      const objects = refs(props[objProp], source);
      if (subjects.length === 0 || objects.length === 0) addReject(rejects, `incomplete_${schema.toLowerCase()}`);
      for (const s of subjects) for (const t of objects) relations.push({ subject: s, role, object: t, source });
      return id;
    }
    if (schema === 'Sanction') {
      for (const t of refs(props['entity'], source)) sanctionedIds.add(t);
      return id;
    }
    if (!SCREENED.has(schema)) {
      addReject(rejects, `schema_not_screened:${schema}`);
      return id;
    }
    const names = strings(props['name']);
    if (names.length === 0) {
      addReject(rejects, 'missing_name');
      return null;
    }
    const s = (schema === 'PublicBody' ? 'Organization' : schema) as EntitySchema;
    const existing = entities.get(id);
    const e = existing ?? emptyEntity(id, s, names[0]!, source);
    push(e.aliases, [...names.slice(1), ...strings(props['alias'])].filter((n) => n !== e.name));
    push(e.formerNames, strings(props['previousName']));
    for (const v of strings(props['imoNumber'])) {
      const imo = imoDigits(v);
      if (imo) push(e.imo, [imo]);
      else addReject(rejects, 'invalid_imo');
    }
    for (const v of strings(props['mmsi'])) {
      const mmsi = mmsiDigits(v);
      if (mmsi) push(e.mmsi, [mmsi]);
      else addReject(rejects, 'invalid_mmsi');
    }
    push(e.callSigns, strings(props['callSign']));
    push(e.flags, strings(props['flag']));
    push(e.pastFlags, strings(props['pastFlags']));
    push(e.programs, strings(props['program']));
    const topics = strings(props['topics']);
    if (o.target === true || topics.includes('sanction')) e.sanctioned = true;
    const notes = strings(props['notes']);
    if (notes.length > 0) e.notes = notes.join(' ');
    if (Array.isArray(o.referents)) {
      const refs = o.referents.filter((r): r is string => typeof r === 'string' && r !== id);
      if (refs.length > 0) e.referents = [...new Set([...(e.referents ?? []), ...refs])];
    }
    if (!existing) entities.set(id, e);
    for (const role of ['owner', 'operator'] as const) {
      for (const t of refs(props[role], source)) relations.push({ subject: id, role, object: t, source });
    }
    return id;
  }

  /** Entity references: ids, or nested entity objects (ingested on the way). */
  function refs(v: unknown, source: string): string[] {
    const out: string[] = [];
    for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      if (typeof x === 'string') out.push(x);
      else if (typeof x === 'object' && x !== null) {
        const id = ingest(x as FtmEntity, source);
        if (id) out.push(id);
      }
    }
    return out;
  }
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  return typeof v === 'string' && v.trim() !== '' ? [v.trim()] : [];
}

function push(target: string[], values: string[]): void {
  for (const v of values) if (!target.includes(v)) target.push(v);
}
