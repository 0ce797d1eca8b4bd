/**
 * The ownership graph: list entities joined by owner, operator, manager, director and
 * `Linked To` relations, plus the user's registry. Relations that name their other end
 * only by a string (OFAC's `Linked To: NAME`, a vessel owner column) are resolved to a
 * listed entity with that exact normalised name, preferring the same list; otherwise to
 * an unlisted node for the name, shared by every relation that names it.
 * Exposure is the shortest path from a vessel to a sanctioned entity (breadth-first,
 * both directions, so a sister ship of a sanctioned one is two hops away via the owner).
 */
import { normalizeOrgName } from './normalize.js';
import { emptyEntity } from './types.js';
import type { ListEntity, Relation, RelationRole } from './types.js';

export interface Edge {
  to: number;
  /** how `to` relates to the node the edge leaves: `owner`, `owner of`, `linked to`, ... */
  label: string;
  source: string;
}

export interface Reached {
  target: number;
  /** node indices from the start (inclusive) to the target (inclusive) */
  nodes: number[];
  labels: string[];
}

const LABEL: Record<RelationRole, [string, string]> = {
  owner: ['owner', 'owner of'],
  operator: ['operator', 'operator of'],
  manager: ['manager', 'manager of'],
  director: ['director', 'director of'],
  linked_to: ['linked to', 'linked to'],
  associate: ['associate', 'associate'],
};

export class OwnershipGraph {
  readonly adj: Edge[][] = [];
  /** normalised organisation/person name -> entity indices (listed first, then name nodes) */
  private readonly byOrgName = new Map<string, number[]>();
  private readonly cache = new Map<number, Reached[]>();

  constructor(
    readonly entities: ListEntity[],
    private readonly indexOf: Map<string, number>,
    readonly maxDegree = 200,
  ) {
    for (let i = 0; i < entities.length; i++) {
      this.adj.push([]);
      const e = entities[i]!;
      if (e.schema === 'Vessel') continue;
      for (const n of [e.name, ...e.aliases]) this.noteName(n, i);
    }
  }

  private noteName(raw: string, i: number): void {
    const key = normalizeOrgName(raw).compact;
    if (!key) return;
    const l = this.byOrgName.get(key);
    if (!l) this.byOrgName.set(key, [i]);
    else if (!l.includes(i)) l.push(i);
  }

  /** Entity index for an exact normalised organisation name, creating an unlisted node if none. */
  resolveName(raw: string, source: string): number {
    const key = normalizeOrgName(raw).compact;
    const found = this.byOrgName.get(key);
    if (found && found.length > 0) {
      return found.find((i) => this.entities[i]!.source === source) ?? found[0]!;
    }
    const e = emptyEntity(`name:${key.toLowerCase()}`, 'LegalEntity', raw.trim().replace(/\.$/, ''), source);
    const i = this.entities.length;
    this.entities.push(e);
    this.indexOf.set(e.id, i);
    this.adj.push([]);
    this.noteName(raw, i);
    return i;
  }

  /** Exact-name lookup without creating a node. */
  lookupName(raw: string): number[] {
    return this.byOrgName.get(normalizeOrgName(raw).compact) ?? [];
  }

  addRelation(r: Relation): boolean {
    const s = this.ref(r.subject, r.source, r.listedOnly ?? false);
    const o = this.ref(r.object, r.source, r.listedOnly ?? false);
    if (s === null || o === null || s === o) return false;
    const [fwd, back] = LABEL[r.role];
    this.adj[s]!.push({ to: o, label: fwd, source: r.source });
    this.adj[o]!.push({ to: s, label: back, source: r.source });
    this.cache.clear();
    return true;
  }

  private ref(x: string, source: string, listedOnly: boolean): number | null {
    if (x.startsWith('name:')) {
      if (!listedOnly) return this.resolveName(x.slice(5), source);
      const found = this.lookupName(x.slice(5)).filter((i) => this.entities[i]!.sanctioned);
      return found.find((i) => this.entities[i]!.source === source) ?? found[0] ?? null;
    }
    return this.indexOf.get(x) ?? null;
  }

  /**
   * Sanctioned entities within `hops` of `start` (the start itself excluded), nearest
   * first, one shortest path each. Nodes with more than `maxDegree` edges are reported
   * but not expanded, so one huge hub cannot make every vessel exposed.
   */
  exposure(start: number, hops: number): Reached[] {
    const key = start * 16 + Math.min(hops, 15);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out: Reached[] = [];
    const prev = new Map<number, [number, string]>([[start, [-1, '']]]);
    let frontier = [start];
    for (let depth = 0; depth < hops && frontier.length > 0; depth++) {
      const next: number[] = [];
      for (const n of frontier) {
        if (n !== start && this.entities[n]!.sanctioned) continue;
        const edges = this.adj[n]!;
        if (n !== start && edges.length > this.maxDegree) continue;
        for (const e of edges) {
          if (prev.has(e.to)) continue;
          prev.set(e.to, [n, e.label]);
          next.push(e.to);
          if (this.entities[e.to]!.sanctioned) out.push(this.trace(e.to, prev));
        }
      }
      frontier = next;
    }
    this.cache.set(key, out);
    return out;
  }

  private trace(target: number, prev: Map<number, [number, string]>): Reached {
    const nodes: number[] = [];
    const labels: string[] = [];
    let cur = target;
    while (cur !== -1) {
      const [p, label] = prev.get(cur)!;
      nodes.push(cur);
      labels.push(label);
      cur = p;
    }
    nodes.reverse();
    labels.reverse();
    return { target, nodes, labels };
  }
}
