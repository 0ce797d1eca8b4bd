/**
 * Real data (issue R): every event darkfleet raises on the real files of ../shared/data was
 * reviewed one by one by an analyst, from the data (test/fixtures/real-review/review.jsonl:
 * verdict and reason per event). The test fails when an event judged implausible comes back,
 * or when an event nobody reviewed appears (review it, then add its line), and checks the
 * issue's targets on each file.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Event } from '../../src/events.js';
import { repoRoot } from '../geo/shared-data.js';
import { REAL_SETS, analyzeSet, setFiles } from './real-sets.js';

interface Review {
  set: string;
  id: string;
  verdict: 'plausible' | 'implausible';
  reason: string;
}

const REVIEW_FILE = path.join(repoRoot, 'test/fixtures/real-review/review.jsonl');
const reviews = new Map<string, Review>();
/** events judged implausible in any set ("set": "*"): they may never come back */
const never = new Map<string, Review>();
for (const line of readFileSync(REVIEW_FILE, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as Review;
  if (r.set === '*') never.set(r.id, r);
  else reviews.set(`${r.set} ${r.id}`, r);
}

function kind(e: Event): string {
  const k = e.evidence['kind'];
  return typeof k === 'string' ? k : '';
}

describe.each(REAL_SETS)('real data: $name', (set) => {
  it('raises only events an analyst judged plausible, and meets the issue\'s targets', { timeout: 300_000 }, () => {
    const files = setFiles(set);
    if (!files) return;
    const { events } = analyzeSet(files);
    const implausible: string[] = [];
    const unreviewed: string[] = [];
    for (const e of events) {
      const r = never.get(e.id) ?? reviews.get(`${set.name} ${e.id}`);
      if (!r) unreviewed.push(`${e.id} (${e.type}${kind(e) ? `/${kind(e)}` : ''} at ${e.lat},${e.lon} ${JSON.stringify(e.evidence).slice(0, 160)})`);
      else if (r.verdict === 'implausible') implausible.push(`${e.id}: ${r.reason}`);
    }
    expect(implausible, `events judged implausible came back:\n${implausible.join('\n')}`).toEqual([]);
    expect(unreviewed, `events nobody reviewed (review them into ${path.relative(repoRoot, REVIEW_FILE)}):\n${unreviewed.join('\n')}`).toEqual([]);
    const onLand = events.filter((e) => e.type === 'spoofing' && kind(e) === 'on_land').length;
    if (set.name === 'dma_sample') expect(onLand).toBeLessThanOrEqual(2);
    if (set.name === 'noaa_2022_first100k') expect(onLand).toBeLessThanOrEqual(50);
    // an invalid IMO is spoofing only on a vessel that must carry one (or with other signs)
    if (set.name.startsWith('amsa')) for (const e of events.filter((x) => x.type === 'spoofing' && kind(x) === 'invalid_imo')) expect(['must_carry_imo', 'invalid_mmsi', 'default_mmsi'], e.id).toContain(e.evidence['why']);
    // no gap longer than the hours the data itself spans (the store cannot have heard a vessel beyond them)
    for (const e of events.filter((x) => x.type === 'gap')) expect(Date.parse(e.end) - Date.parse(e.start), e.id).toBeLessThanOrEqual(48 * 3_600_000);
  });
});
