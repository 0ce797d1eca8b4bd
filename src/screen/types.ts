/**
 * The screening data model: list entities (FollowTheMoney-like, ids as OpenSanctions
 * writes them), the relations between them, the vessel identities screened, and hits.
 */

export type EntitySchema = 'Vessel' | 'Company' | 'Organization' | 'Person' | 'LegalEntity';

export interface ListEntity {
  /** OpenSanctions-style id: `ofac-15036`, `unsc-6908670`, FtM ids as given, `watch-imo-...` */
  id: string;
  schema: EntitySchema;
  name: string;
  /** also known as */
  aliases: string[];
  /** formerly known as (vessel former names) */
  formerNames: string[];
  /** IMO numbers: ship numbers for vessels, company numbers for companies (7 digits) */
  imo: string[];
  mmsi: string[];
  callSigns: string[];
  /** current flag(s) as written by the list */
  flags: string[];
  pastFlags: string[];
  /** sanctioned, or on the analyst's watchlist: the targets screening reports */
  sanctioned: boolean;
  /** where it came from: `ofac-sdn`, `un-sc`, an FtM dataset name, `watchlist` */
  source: string;
  programs: string[];
  /** free text from the list (OFAC remarks, UN comments, watchlist note) */
  notes?: string;
  /** other ids of the same entity (OpenSanctions `referents`: `ofac-15036` under `NK-...`) */
  referents?: string[];
}

/** How `object` relates to `subject`: `{subject: vessel, role: 'owner', object: company}`. */
export type RelationRole = 'owner' | 'operator' | 'manager' | 'linked_to' | 'director' | 'associate';

export interface Relation {
  subject: string;
  role: RelationRole;
  object: string;
  /** list or file the relation comes from */
  source: string;
  /** drop the relation unless its `name:` end resolves to a listed entity (free-text sources) */
  listedOnly?: boolean;
}

/** What a list file gave, and what it could not use (counted by reason). */
export interface LoadedList {
  file: string;
  format: 'ofac-csv' | 'un-xml' | 'ftm-jsonl' | 'watchlist-csv';
  entities: ListEntity[];
  relations: Relation[];
  /** entity nodes that exist only as relation ends (owners named by a list but not listed) */
  rejects: Record<string, number>;
  /** list publication date when the file says it (ISO 8601) */
  published?: string;
}

/** One vessel identity to screen; unknown input columns ride along in `extra`. */
export interface VesselIdentity {
  mmsi?: string | number | null;
  imo?: string | number | null;
  name?: string | null;
  callsign?: string | null;
  flag?: string | null;
  /** registry-style relations given with the identity (CSV columns owner, operator, manager) */
  owner?: string | null;
  operator?: string | null;
  manager?: string | null;
  [extra: string]: unknown;
}

export interface PathStep {
  id: string | null;
  name: string;
  schema: string;
  /** how this step relates to the previous one, e.g. `owner`, `linked_to`, `owns` */
  relation: string | null;
  sanctioned: boolean;
}

export interface Hit {
  /** the input row as given */
  query: Record<string, unknown>;
  entity: {
    id: string;
    schema: string;
    name: string;
    source: string;
    programs?: string[];
    aliases?: string[];
    formerNames?: string[];
    imo?: string[];
  };
  score: number;
  reasons: string[];
  /** ownership chain from the screened vessel to the sanctioned entity; empty when direct */
  path: PathStep[];
}

export function emptyEntity(id: string, schema: EntitySchema, name: string, source: string): ListEntity {
  return {
    id, schema, name, source,
    aliases: [], formerNames: [], imo: [], mmsi: [], callSigns: [], flags: [], pastFlags: [],
    sanctioned: false, programs: [],
  };
}

export function addReject(rejects: Record<string, number>, reason: string, n = 1): void {
  rejects[reason] = (rejects[reason] ?? 0) + n;
}
