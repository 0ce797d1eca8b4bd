/**
 * Our segmenter against GFW gpsdio-segment's own regression output: for every
 * file, the fraction of message pairs grouped as GFW groups them (same segment
 * vs not; see gfw-agreement.ts for how dropped and identity messages count).
 * Bundled fixtures always run; the full set in ../shared/data/identity runs
 * when present (skips with a reason otherwise, fails under CI=true).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRegression, randIndex, segmentAndCompare, type Agreement } from './gfw-agreement.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(repoRoot, 'test/fixtures/track');
const shared = path.resolve(repoRoot, '../shared/data/identity');
const CI = process.env.CI === 'true';

function regressionFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^(regr_\d+|segmented-\d+|338013000)\.json$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function report(rows: [string, Agreement][]): string {
  const lines = rows.map(
    ([f, a]) =>
      `${path.basename(f).padEnd(26)} msgs ${String(a.messages).padStart(5)} scored ${String(a.scored).padStart(5)}` +
      ` agreement ${a.agreement.toFixed(4)} positions-only ${a.positionsOnly.agreement.toFixed(4)}` +
      ` segments gfw/ours ${a.gfwSegments}/${a.ourSegments}` +
      ` dup recall ${a.duplicateRecall?.toFixed(3) ?? '-'} precision ${a.duplicatePrecision?.toFixed(3) ?? '-'}` +
      `${a.legacy ? ' (legacy GFW algorithm)' : ''}`,
  );
  let pairs = 0;
  let agreeing = 0;
  for (const [, a] of rows) {
    pairs += a.pairs;
    agreeing += a.agreement * a.pairs;
  }
  const mean = rows.reduce((s, [, a]) => s + a.agreement, 0) / rows.length;
  const meanPos = rows.reduce((s, [, a]) => s + a.positionsOnly.agreement, 0) / rows.length;
  lines.push(
    `files ${rows.length}: pooled over ${pairs} pairs ${(agreeing / pairs).toFixed(4)}, mean per file ${mean.toFixed(4)}, mean positions-only ${meanPos.toFixed(4)}`,
  );
  return lines.join('\n');
}

function pooled(rows: [string, Agreement][]): number {
  let pairs = 0;
  let agreeing = 0;
  for (const [, a] of rows) {
    pairs += a.pairs;
    agreeing += a.agreement * a.pairs;
  }
  return agreeing / pairs;
}

describe('pairwise agreement (Rand index)', () => {
  it('counts agreeing pairs exactly', () => {
    expect(randIndex(['a', 'a', 'b'], ['x', 'x', 'y']).agreement).toBe(1);
    // pairs: (0,1) same/same, (0,2) diff/same, (1,2) diff/same -> 1 of 3 agree
    expect(randIndex(['a', 'a', 'b'], ['x', 'x', 'x']).agreement).toBeCloseTo(1 / 3, 12);
    expect(randIndex(['a', 'b', 'c', 'd'], ['x', 'x', 'y', 'y']).agreement).toBeCloseTo(4 / 6, 12);
  });
});

describe('GFW gpsdio-segment regression: bundled fixtures', () => {
  const files = regressionFiles(fixtures);

  it('has the bundled fixtures', () => {
    expect(files.length).toBe(9);
  });

  it('groups >= 95% of message pairs as GFW does, in every bundled file', () => {
    const rows = files.map((f): [string, Agreement] => [f, segmentAndCompare(loadRegression(f))]);
    console.log(`GFW regression, bundled fixtures\n${report(rows)}`);
    for (const [f, a] of rows) expect(a.agreement, path.basename(f)).toBeGreaterThanOrEqual(0.95);
    expect(pooled(rows)).toBeGreaterThanOrEqual(0.99);
  });

  it('would notice a broken segmenter (the check can fail)', () => {
    // 0.5 kn allows almost nothing to join: every moving fix its own segment
    const f = path.join(fixtures, 'regr_574574574.json');
    const broken = segmentAndCompare(loadRegression(f), { maxKnots: 0.5 });
    expect(broken.positionsOnly.agreement).toBeLessThan(0.9);
    // and one that joins everything, ignoring max hours and speed
    const joinAll = segmentAndCompare(loadRegression(path.join(fixtures, 'regr_417000694.json')), {
      maxKnots: 1e6,
      maxHours: 1e6,
      ambiguityFactor: 0,
    });
    expect(joinAll.positionsOnly.agreement).toBeLessThan(0.9);
  });
});

describe('GFW gpsdio-segment regression: full set in ../shared', () => {
  const files = [...regressionFiles(path.join(shared, 'gfw-segment-regression')), ...regressionFiles(path.join(shared, 'gfw-gpsdio-segment'))];
  const missing = files.length === 0;
  if (missing && !CI) console.log(`skipping the full GFW regression set: ${shared} is absent (bundled fixtures still run)`);

  it.skipIf(missing && !CI)('groups >= 95% of message pairs as GFW does', () => {
    expect(files.length, `${shared} must hold the GFW regression files`).toBeGreaterThan(0);
    const rows = files.map((f): [string, Agreement] => [f, segmentAndCompare(loadRegression(f))]);
    console.log(`GFW regression, full set\n${report(rows)}`);
    // overall, every file counted (including the two written by GFW's older algorithm)
    expect(pooled(rows)).toBeGreaterThanOrEqual(0.95);
    const mean = rows.reduce((s, [, a]) => s + a.agreement, 0) / rows.length;
    expect(mean).toBeGreaterThanOrEqual(0.95);
    // each file of the current algorithm's regression set
    for (const [f, a] of rows) if (!a.legacy) expect(a.agreement, path.basename(f)).toBeGreaterThanOrEqual(0.95);
  });
});
