/** Test helpers for sources: shared-data paths that skip (or fail under CI) when absent, batch collection. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Position, VesselStatic } from '../../src/records.js';
import type { Reject, SourceBatch } from '../../src/sources/types.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name: string): string => path.join(repoRoot, 'test/fixtures/sources', name);

/** Path of a file under ../shared/data, or undefined (with a printed reason) when absent; CI=true fails instead. */
export function sharedData(rel: string): string | undefined {
  const p = path.resolve(repoRoot, '../shared/data', rel);
  if (existsSync(p)) return p;
  if (process.env.CI === 'true') throw new Error(`${p} is missing and CI=true: shared test data must be present`);
  console.warn(`skipping: ${p} is absent (shared data not available in this checkout)`);
  return undefined;
}

export interface Collected {
  positions: Position[];
  statics: VesselStatic[];
  rejects: Reject[];
  skipped: Record<string, number>;
  batches: SourceBatch[];
}

export async function collect(gen: AsyncIterable<SourceBatch>): Promise<Collected> {
  const out: Collected = { positions: [], statics: [], rejects: [], skipped: {}, batches: [] };
  for await (const b of gen) {
    out.batches.push(b);
    out.positions.push(...b.positions);
    out.statics.push(...b.statics);
    out.rejects.push(...b.rejects);
    for (const [k, v] of Object.entries(b.skipped)) out.skipped[k] = (out.skipped[k] ?? 0) + v;
  }
  return out;
}

export function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return out;
}
