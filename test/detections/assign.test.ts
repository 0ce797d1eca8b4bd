/** The one-to-one assignment: optimal where nearest-first is not, and a detection left dark when it costs less. */
import { describe, expect, it } from 'vitest';
import { assignMinCost, connectedComponents, type Edge } from '../../src/detections/assign.js';

describe('assignMinCost', () => {
  it('beats nearest-first: detection 0 is nearest to vessel 0, but only vessel 0 can explain detection 1', () => {
    // greedy would give 0->0 (10 m) and leave detection 1 unmatched; optimal is 0->1, 1->0
    const a = assignMinCost(2, 2, [
      { row: 0, col: 0, cost: 10 },
      { row: 0, col: 1, cost: 300 },
      { row: 1, col: 0, cost: 50 },
    ], 2250);
    expect([...a]).toEqual([1, 0]);
  });

  it('leaves the worse of two detections unmatched when one vessel explains both', () => {
    const a = assignMinCost(2, 1, [
      { row: 0, col: 0, cost: 120 },
      { row: 1, col: 0, cost: 40 },
    ], 2250);
    expect([...a]).toEqual([-1, 0]);
  });

  it('matches brute force on random dense problems', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(rnd() * 6);
      const m = 1 + Math.floor(rnd() * 6);
      const edges: Edge[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (rnd() < 0.6) edges.push({ row: i, col: j, cost: Math.round(rnd() * 1500) });
      const U = 2250;
      const got = assignMinCost(n, m, edges, U);
      const cost = (a: readonly number[]): number => a.reduce((s, j, i) => s + (j < 0 ? U : edges.find((e) => e.row === i && e.col === j)!.cost), 0);
      let best = Infinity;
      const rec = (i: number, used: Set<number>, acc: number[]): void => {
        if (i === n) {
          best = Math.min(best, cost(acc));
          return;
        }
        rec(i + 1, used, [...acc, -1]);
        for (const e of edges) if (e.row === i && !used.has(e.col)) rec(i + 1, new Set([...used, e.col]), [...acc, e.col]);
      };
      rec(0, new Set(), []);
      expect(new Set([...got].filter((j) => j >= 0)).size).toBe([...got].filter((j) => j >= 0).length);
      expect(cost([...got])).toBeCloseTo(best, 6);
    }
  });

  it('splits independent groups', () => {
    const comps = connectedComponents(4, 3, [
      { row: 0, col: 0, cost: 1 },
      { row: 1, col: 0, cost: 1 },
      { row: 2, col: 2, cost: 1 },
    ]);
    expect(comps.map((c) => c.sort()).sort()).toEqual([[0, 1], [2], [3]]);
  });
});
