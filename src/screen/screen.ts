/**
 * Screening: vessel identities against loaded lists. Strong evidence first, in the manner
 * of yente's logic: an IMO number (check digit valid) or MMSI equal to a listed one; a
 * name equal after normalisation, or within a length-dependent edit budget with equal
 * numbers; call sign and flag (current or former) as qualifiers, a flag mismatch lowering
 * the score. A match to a sanctioned entity is a direct hit; a match to an unlisted one
 * (a ship named in a UN listing, a non-target vessel in an OpenSanctions export), and the
 * owners, operators and managers of the user's registry, lead to indirect hits through
 * the ownership graph, reported with their path.
 */
import { flagKey } from './country.js';
import { OwnershipGraph } from './graph.js';
import { imoDigits, isValidImo } from '../ref/imo.js';
import { mmsiDigits, shipFlagOfMmsi } from '../ref/mmsi.js';
import { NameIndex, scoreName } from './name-index.js';
import type { NameVariant, VariantKind } from './name-index.js';
import { normalizeOrgName, normalizeVesselName } from './normalize.js';
import type { NormalName } from './normalize.js';
import type { Hit, ListEntity, LoadedList, PathStep, VesselIdentity } from './types.js';

export interface ScreenOptions {
  /** hits scoring below are dropped (0..1, default 0.7) */
  threshold?: number;
  /** longest ownership path searched (default 2) */
  hops?: number;
  /** at most this many hits per identity, best first (default 50) */
  maxHits?: number;
}

/** One row of the user's registry CSV (`imo,owner,operator,manager`). */
export interface RegistryEntry {
  imo: string;
  owner?: string;
  operator?: string;
  manager?: string;
}

interface Candidate {
  imo: boolean;
  mmsi: boolean;
  callsign: boolean;
  name: { score: number; edits: number; jw: number; variant: NameVariant } | null;
}

const ROLES = ['owner', 'operator', 'manager'] as const;
const AIS_NAME_LENGTH = 20;

export class Screener {
  readonly entities: ListEntity[] = [];
  readonly graph: OwnershipGraph;
  readonly lists: { file: string; format: string; entities: number; relations: number; rejects: Record<string, number> }[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly byImo = new Map<string, number[]>();
  private readonly byMmsi = new Map<string, number[]>();
  private readonly byCallsign = new Map<string, number[]>();
  private readonly vesselNames = new NameIndex();
  private readonly orgNames = new NameIndex();
  private readonly registry = new Map<string, { role: (typeof ROLES)[number]; name: string }[]>();
  readonly threshold: number;
  readonly hops: number;
  readonly maxHits: number;

  constructor(lists: LoadedList[], registry: RegistryEntry[] = [], opts: ScreenOptions = {}) {
    this.threshold = opts.threshold ?? 0.7;
    this.hops = opts.hops ?? 2;
    this.maxHits = opts.maxHits ?? 50;
    for (const l of lists) {
      for (const e of l.entities) this.addEntity(e);
    }
    this.graph = new OwnershipGraph(this.entities, this.indexOf);
    for (const l of lists) {
      let relations = 0;
      const rejects = { ...l.rejects };
      for (const r of l.relations) {
        if (this.graph.addRelation(r)) relations++;
        else rejects['relation_unresolved'] = (rejects['relation_unresolved'] ?? 0) + 1;
      }
      this.lists.push({ file: l.file, format: l.format, entities: l.entities.length, relations, rejects });
    }
    for (const r of registry) {
      const imo = imoDigits(r.imo);
      if (!imo) continue;
      let l = this.registry.get(imo);
      if (!l) this.registry.set(imo, (l = []));
      for (const role of ROLES) {
        const name = r[role]?.trim();
        if (name) l.push({ role, name });
      }
    }
    // name indexes last: the graph may have added unlisted owner nodes
    for (let i = 0; i < this.entities.length; i++) this.indexNames(i);
  }

  private addEntity(e: ListEntity): void {
    // the same entity under another id: OpenSanctions' canonical id lists the source ids
    let known = this.indexOf.get(e.id);
    for (const r of e.referents ?? []) known ??= this.indexOf.get(r);
    if (known !== undefined) {
      // the same id from two files (an OpenSanctions export and the OFAC CSV): merge
      const m = this.entities[known]!;
      if (e.name && e.name !== m.name && !m.aliases.includes(e.name)) m.aliases.push(e.name);
      for (const k of ['aliases', 'formerNames', 'imo', 'mmsi', 'callSigns', 'flags', 'pastFlags', 'programs'] as const) {
        for (const v of e[k]) if (!m[k].includes(v)) m[k].push(v);
      }
      m.sanctioned ||= e.sanctioned;
      if (!this.indexOf.has(e.id)) this.indexOf.set(e.id, known);
      for (const r of e.referents ?? []) if (!this.indexOf.has(r)) this.indexOf.set(r, known);
      return;
    }
    const i = this.entities.length;
    this.entities.push(e);
    this.indexOf.set(e.id, i);
    for (const r of e.referents ?? []) if (!this.indexOf.has(r)) this.indexOf.set(r, i);
  }

  private indexNames(i: number): void {
    const e = this.entities[i]!;
    if (e.schema === 'Vessel') {
      for (const imo of e.imo) if (isValidImo(imo)) push(this.byImo, imo, i);
      for (const m of e.mmsi) push(this.byMmsi, m, i);
      for (const c of e.callSigns) push(this.byCallsign, callsignKey(c), i);
      const add = (raw: string, kind: VariantKind): void => {
        this.vesselNames.add(i, raw, kind, normalizeVesselName(raw));
        const upper = raw.replace(/@/g, ' ').trim().toUpperCase();
        if (upper.length > AIS_NAME_LENGTH) {
          this.vesselNames.add(i, raw, 'ais_truncated', normalizeVesselName(upper.slice(0, AIS_NAME_LENGTH)));
        }
      };
      if (e.name && !/^(IMO|MMSI) \d+$/.test(e.name)) add(e.name, 'name');
      for (const a of e.aliases) add(a, 'alias');
      for (const f of e.formerNames) add(f, 'former');
    } else {
      this.orgNames.add(i, e.name, 'name', normalizeOrgName(e.name));
      // "MA, Xiaohong" is "Xiaohong Ma": people are also indexed with their name words sorted
      if (e.schema === 'Person') for (const n of [e.name, ...e.aliases]) this.orgNames.add(i, n, 'alias', sortedName(n));
      for (const a of e.aliases) this.orgNames.add(i, a, 'alias', normalizeOrgName(a));
      for (const f of e.formerNames) this.orgNames.add(i, f, 'former', normalizeOrgName(f));
    }
  }

  /** Counts of what was loaded. */
  summary(): { entities: number; vessels: number; sanctioned: number } {
    let vessels = 0;
    let sanctioned = 0;
    for (const e of this.entities) {
      if (e.schema === 'Vessel') vessels++;
      if (e.sanctioned) sanctioned++;
    }
    return { entities: this.entities.length, vessels, sanctioned };
  }

  /** Screens every identity; `query` rows default to the identities themselves. */
  *screenAll(identities: Iterable<VesselIdentity>): Generator<Hit> {
    for (const id of identities) yield* this.screen(id);
  }

  /** Hits for one vessel identity, best first. */
  screen(identity: VesselIdentity, query: Record<string, unknown> = identity): Hit[] {
    const rawImo = identity.imo === undefined || identity.imo === null ? '' : String(identity.imo).trim();
    const imoNum = imoDigits(rawImo);
    const imo = imoNum && isValidImo(imoNum) ? imoNum : null;
    const mmsi = mmsiDigits(identity.mmsi);
    const rawName = typeof identity.name === 'string' ? identity.name : '';
    const qn = rawName ? normalizeVesselName(rawName) : null;
    const cs = typeof identity.callsign === 'string' && identity.callsign.trim() ? callsignKey(identity.callsign) : null;
    // no flag given: the MMSI's MID says which state assigned it (what AIS users see)
    const givenFlag = typeof identity.flag === 'string' && identity.flag.trim() ? identity.flag.trim() : null;
    const midFlag = !givenFlag && mmsi ? shipFlagOfMmsi(mmsi) : null;
    const qFlag = givenFlag ? flagKey(givenFlag) : midFlag;
    const flagRaw = givenFlag ?? (midFlag ? `${midFlag} (from the MMSI)` : null);
    const label = rawName.replace(/@/g, ' ').trim() || (imo ? `IMO ${imo}` : mmsi ? `MMSI ${mmsi}` : 'vessel');
    const notes: string[] = [];
    if (rawImo && rawImo !== '0' && !imo) notes.push(`query_imo_invalid: "${rawImo}" is not a valid IMO number (check digit), not used`);

    const cands = new Map<number, Candidate>();
    const cand = (i: number): Candidate => {
      let c = cands.get(i);
      if (!c) cands.set(i, (c = { imo: false, mmsi: false, callsign: false, name: null }));
      return c;
    };
    if (imo) for (const i of this.byImo.get(imo) ?? []) cand(i).imo = true;
    if (mmsi) for (const i of this.byMmsi.get(mmsi) ?? []) cand(i).mmsi = true;
    if (cs) for (const i of this.byCallsign.get(cs) ?? []) cand(i).callsign = true;
    if (qn && qn.compact) {
      const vs = new Set<number>();
      this.vesselNames.candidates(qn, vs);
      for (const vi of vs) {
        const v = this.vesselNames.variants[vi]!;
        const s = scoreName(qn, v.norm);
        if (!s) continue;
        const c = cand(v.entity);
        if (!c.name || s.score > c.name.score || (s.score === c.name.score && v.kind === 'name')) c.name = { ...s, variant: v };
      }
    }

    const hits = new Map<string, Hit>();
    const keep = (h: Hit): void => {
      const prev = hits.get(h.entity.id);
      if (!prev || h.path.length < prev.path.length || (h.path.length === prev.path.length && h.score > prev.score)) {
        hits.set(h.entity.id, h);
      }
    };
    const self: PathStep = { id: null, name: label, schema: 'Vessel', relation: null, sanctioned: false };

    for (const [i, c] of cands) {
      const e = this.entities[i]!;
      const { score, reasons } = this.scoreCandidate(e, c, { rawName, qn, imo, mmsi, cs, qFlag, flagRaw });
      if (score < this.threshold) continue;
      if (e.sanctioned) {
        keep({ query, entity: entityOut(e), score, reasons: [...reasons, ...notes, ...this.linkReasons(i)], path: [] });
        continue;
      }
      const same: PathStep = { ...step(e, 'same vessel') };
      for (const r of this.graph.exposure(i, this.hops)) {
        const path = [self, same, ...r.nodes.slice(1).map((n, k) => step(this.entities[n]!, r.labels[k + 1]!))];
        const target = this.entities[r.target]!;
        keep({
          query, entity: entityOut(target), score, path,
          reasons: [...reasons, `ownership: ${pathText(path)} (${r.nodes.length - 1} hop${r.nodes.length > 2 ? 's' : ''})`, ...notes],
        });
      }
    }

    // registry relations of this hull, and owner/operator/manager columns of the query
    const rels: { role: string; name: string; from: string }[] = [];
    if (imo) for (const r of this.registry.get(imo) ?? []) rels.push({ ...r, from: 'registry' });
    for (const role of ROLES) {
      const v = identity[role];
      if (typeof v === 'string' && v.trim()) rels.push({ role, name: v.trim(), from: 'input' });
    }
    if (this.hops > 0) {
      for (const rel of rels) {
        for (const { node, score, how } of this.resolveOrg(rel.name)) {
          if (score < this.threshold) continue;
          const e = this.entities[node]!;
          const first = step(e, rel.role);
          const why = `${rel.role} (${rel.from}): "${rel.name}" ${how}`;
          if (e.sanctioned) {
            const path = [self, first];
            keep({ query, entity: entityOut(e), score, path, reasons: [why, `ownership: ${pathText(path)} (1 hop)`, ...notes] });
            continue;
          }
          for (const r of this.graph.exposure(node, this.hops - 1)) {
            const path = [self, first, ...r.nodes.slice(1).map((n, k) => step(this.entities[n]!, r.labels[k + 1]!))];
            keep({
              query, entity: entityOut(this.entities[r.target]!), score, path,
              reasons: [why, `ownership: ${pathText(path)} (${r.nodes.length} hops)`, ...notes],
            });
          }
        }
      }
    }
    const out = [...hits.values()];
    out.sort((a, b) => a.path.length - b.path.length || b.score - a.score || (a.entity.id < b.entity.id ? -1 : 1));
    return out.slice(0, this.maxHits);
  }

  private scoreCandidate(
    e: ListEntity,
    c: Candidate,
    q: { rawName: string; qn: NormalName | null; imo: string | null; mmsi: string | null; cs: string | null; qFlag: string | null; flagRaw: string | null },
  ): { score: number; reasons: string[] } {
    const reasons: string[] = [];
    const nameScore = c.name?.score ?? 0;
    let score = 0;
    let qualify = true;
    if (c.imo) {
      score = 1;
      qualify = false; // a hull keeps its IMO number through renames and reflagging
      reasons.push(`imo: IMO ${q.imo} (check digit valid) is the listed IMO number`);
    }
    if (c.mmsi) {
      const s = !q.qn || nameScore >= 0.8 ? 0.95 : 0.8;
      score = Math.max(score, s);
      reasons.push(
        s === 0.95
          ? `mmsi: MMSI ${q.mmsi} is the listed MMSI`
          : `mmsi: MMSI ${q.mmsi} is the listed MMSI but the name differs (MMSIs are reassigned and spoofed)`,
      );
    }
    if (c.name) {
      const v = c.name.variant;
      const what = v.kind === 'former' ? 'former name (f.k.a.)' : v.kind === 'alias' ? 'alias' : v.kind === 'ais_truncated' ? 'name as AIS truncates it to 20 characters' : 'name';
      const how = c.name.edits === 0
        ? 'after normalisation'
        : `within ${c.name.edits} edit${c.name.edits > 1 ? 's' : ''} (Jaro-Winkler ${c.name.jw.toFixed(2)})`;
      reasons.push(`name: "${q.rawName.trim()}" matches listed ${what} "${v.raw}" ${how}`);
      if (v.kind === 'former') reasons.push(`renamed: listed now as "${e.name}", formerly "${v.raw}"`);
      score = Math.max(score, nameScore);
    } else if (q.qn && (c.imo || c.mmsi)) {
      const former = e.formerNames.length > 0 ? `, formerly ${e.formerNames.map((n) => `"${n}"`).join(', ')}` : '';
      reasons.push(`renamed: seen as "${q.rawName.trim()}"; listed as "${e.name}"${former}`);
    }
    if (c.callsign) {
      if (score >= 0.7) {
        score = Math.min(1, score + 0.05);
        reasons.push(`callsign: call sign is the listed one (+0.05)`);
      } else {
        score = Math.max(score, 0.6);
        reasons.push(`callsign: call sign is the listed one, nothing else agrees`);
      }
    }
    if (q.qFlag) {
      const cur = e.flags.map(flagKey).filter((f): f is string => f !== null);
      const past = e.pastFlags.map(flagKey).filter((f): f is string => f !== null);
      if (cur.includes(q.qFlag)) {
        if (qualify) score = Math.min(1, score + 0.02);
        reasons.push(`flag: ${q.flagRaw} is the listed flag${qualify ? ' (+0.02)' : ''}`);
      } else if (past.includes(q.qFlag)) {
        if (qualify) score = Math.min(1, score + 0.02);
        reasons.push(`flag: ${q.flagRaw} is a listed former flag${qualify ? ' (+0.02)' : ''}`);
      } else if (cur.length + past.length > 0) {
        if (qualify) score = Math.max(0, score - 0.1);
        const listed = [...e.flags, ...e.pastFlags.map((f) => `former ${f}`)].join(', ');
        reasons.push(`flag: ${q.flagRaw} differs from listed ${listed}${qualify ? ' (-0.10)' : ''}`);
      }
    }
    return { score: Math.round(score * 1000) / 1000, reasons };
  }

  /** The listed relations of a directly hit entity, as context. */
  private linkReasons(i: number): string[] {
    return this.graph.adj[i]!.slice(0, 5).map((edge) => {
      const t = this.entities[edge.to]!;
      return `listed_link: ${edge.label} ${t.name}${t.id.startsWith('name:') ? '' : ` (${t.id})`}${t.sanctioned ? ', sanctioned' : ''}`;
    });
  }

  /** Graph nodes an owner name may be: exact normalised names, else fuzzy listed names. */
  private resolveOrg(raw: string): { node: number; score: number; how: string }[] {
    const exact = this.graph.lookupName(raw);
    if (exact.length > 0) return exact.map((node) => ({ node, score: 1, how: `is "${this.entities[node]!.name}"` }));
    const qn = normalizeOrgName(raw);
    const vs = new Set<number>();
    this.orgNames.candidates(qn, vs);
    const qs = sortedName(raw);
    this.orgNames.candidates(qs, vs);
    const best = new Map<number, { node: number; score: number; how: string }>();
    for (const vi of vs) {
      const v = this.orgNames.variants[vi]!;
      const a = scoreName(qn, v.norm);
      const b = scoreName(qs, v.norm);
      const s = a && b ? (a.score >= b.score ? a : b) : a ?? b;
      if (!s) continue;
      const prev = best.get(v.entity);
      if (!prev || s.score > prev.score) {
        best.set(v.entity, { node: v.entity, score: Math.round(s.score * 1000) / 1000, how: `matches "${v.raw}" (score ${s.score.toFixed(2)})` });
      }
    }
    return [...best.values()];
  }
}

function sortedName(raw: string): NormalName {
  const n = normalizeOrgName(raw);
  const tokens = [...n.tokens].sort();
  return { tokens, compact: tokens.join(''), numbers: n.numbers };
}

function callsignKey(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const l = m.get(k);
  if (!l) m.set(k, [v]);
  else if (!l.includes(v)) l.push(v);
}

function step(e: ListEntity, relation: string): PathStep {
  return { id: e.id.startsWith('name:') ? null : e.id, name: e.name, schema: e.schema, relation, sanctioned: e.sanctioned };
}

/** `vessel -> owner: X -> linked to: Y (sanctioned)` */
export function pathText(path: PathStep[]): string {
  return path
    .map((s, k) => (k === 0 ? s.name : `${s.relation}: ${s.name}${s.sanctioned ? ' (sanctioned)' : ''}`))
    .join(' -> ');
}

function entityOut(e: ListEntity): Hit['entity'] {
  const out: Hit['entity'] = { id: e.id, schema: e.schema, name: e.name, source: e.source };
  if (e.programs.length) out.programs = e.programs;
  if (e.aliases.length) out.aliases = e.aliases;
  if (e.formerNames.length) out.formerNames = e.formerNames;
  if (e.imo.length) out.imo = e.imo;
  return out;
}
