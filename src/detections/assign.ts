/**
 * One-to-one assignment of detections to vessels at minimum total cost: the Hungarian method
 * in its sparse form (successive shortest augmenting paths, Dijkstra on reduced costs with
 * row and column potentials), on the bipartite graph of candidate pairs only. Every row
 * (detection) may also stay unassigned at a fixed cost, so a vessel goes to the detection it
 * explains best and the other one stays dark: never a greedy nearest-first pick, which can
 * leave a fleet wrongly matched by one early choice.
 *
 * Components of the graph are independent problems; `connectedComponents` splits them so a
 * fleet of 100 trawlers is one small problem, not part of everything detected that day.
 */

export interface Edge {
  row: number;
  col: number;
  cost: number;
}

class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(k: number, v: number): void {
    const ks = this.keys;
    const vs = this.vals;
    let i = ks.length;
    ks.push(k);
    vs.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ks[p]! <= k) break;
      ks[i] = ks[p]!;
      vs[i] = vs[p]!;
      i = p;
    }
    ks[i] = k;
    vs[i] = v;
  }
  /** removes the smallest; returns its value (the key is in `lastKey`) */
  lastKey = 0;
  pop(): number {
    const ks = this.keys;
    const vs = this.vals;
    const topK = ks[0]!;
    const topV = vs[0]!;
    const k = ks.pop()!;
    const v = vs.pop()!;
    const n = ks.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && ks[r]! < ks[l]! ? r : l;
        if (ks[c]! >= k) break;
        ks[i] = ks[c]!;
        vs[i] = vs[c]!;
        i = c;
      }
      ks[i] = k;
      vs[i] = v;
    }
    this.lastKey = topK;
    return topV;
  }
  clear(): void {
    this.keys.length = 0;
    this.vals.length = 0;
  }
}

/**
 * Minimum-cost assignment of `rows` rows to `cols` columns over `edges` (cost >= 0), each row
 * alternatively left unassigned at `unassignedCost`. Returns each row's column, or -1.
 */
export function assignMinCost(rows: number, cols: number, edges: readonly Edge[], unassignedCost: number): Int32Array {
  const adjStart = new Int32Array(rows + 1);
  for (const e of edges) adjStart[e.row + 1]!++;
  for (let i = 0; i < rows; i++) adjStart[i + 1]! += adjStart[i]!;
  const adjCol = new Int32Array(edges.length);
  const adjCost = new Float64Array(edges.length);
  const fill = adjStart.slice(0, rows);
  for (const e of edges) {
    const k = fill[e.row]!++;
    adjCol[k] = e.col;
    adjCost[k] = e.cost;
  }
  // columns 0..cols-1 are vessels, cols + i is row i's private "unassigned" column
  const nCols = cols + rows;
  const u = new Float64Array(rows);
  const v = new Float64Array(nCols);
  const colRow = new Int32Array(nCols).fill(-1);
  const rowCol = new Int32Array(rows).fill(-1);
  const dist = new Float64Array(nCols).fill(Infinity);
  const prevRow = new Int32Array(nCols).fill(-1);
  const done = new Uint8Array(nCols);
  const rowDist = new Float64Array(rows);
  const touchedCols: number[] = [];
  const visitedRows: number[] = [];
  const heap = new MinHeap();

  for (let r = 0; r < rows; r++) {
    heap.clear();
    touchedCols.length = 0;
    visitedRows.length = 0;
    const relax = (i: number, d: number): void => {
      rowDist[i] = d;
      visitedRows.push(i);
      for (let k = adjStart[i]!; k < adjStart[i + 1]!; k++) {
        const j = adjCol[k]!;
        if (done[j]) continue;
        const nd = d + adjCost[k]! - u[i]! - v[j]!;
        if (nd < dist[j]!) {
          if (dist[j] === Infinity) touchedCols.push(j);
          dist[j] = nd;
          prevRow[j] = i;
          heap.push(nd, j);
        }
      }
      const j = cols + i;
      if (!done[j]) {
        const nd = d + unassignedCost - u[i]! - v[j]!;
        if (nd < dist[j]!) {
          if (dist[j] === Infinity) touchedCols.push(j);
          dist[j] = nd;
          prevRow[j] = i;
          heap.push(nd, j);
        }
      }
    };
    relax(r, 0);
    let end = -1;
    let dEnd = 0;
    while (heap.size > 0) {
      const j = heap.pop();
      const d = heap.lastKey;
      if (done[j] || d > dist[j]!) continue;
      done[j] = 1;
      const owner = colRow[j]!;
      if (owner < 0) {
        end = j;
        dEnd = d;
        break;
      }
      relax(owner, d);
    }
    // end >= 0 always: row r's own unassigned column is free
    for (const i of visitedRows) u[i]! += dEnd - rowDist[i]!;
    for (const j of touchedCols) {
      if (done[j] && j !== end) v[j]! -= dEnd - dist[j]!;
    }
    // augment along the path back to r
    let j = end;
    while (j >= 0) {
      const i = prevRow[j]!;
      const before = rowCol[i]!;
      colRow[j] = i;
      rowCol[i] = j;
      j = i === r ? -1 : before;
    }
    for (const jj of touchedCols) {
      dist[jj] = Infinity;
      done[jj] = 0;
      prevRow[jj] = -1;
    }
  }
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) out[i] = rowCol[i]! < cols ? rowCol[i]! : -1;
  return out;
}

/** Groups of rows joined through shared columns: each is solved on its own. */
export function connectedComponents(rows: number, cols: number, edges: readonly Edge[]): number[][] {
  const parent = new Int32Array(rows + cols);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const e of edges) {
    const a = find(e.row);
    const b = find(rows + e.col);
    if (a !== b) parent[a] = b;
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < rows; i++) {
    const g = find(i);
    let l = groups.get(g);
    if (!l) groups.set(g, (l = []));
    l.push(i);
  }
  return [...groups.values()];
}
