/**
 * `npm run evaluate [-- --seeds 11,12] [--hours 36] [--vessels 160] [--bench] [--bench-long]
 * [--bench-only decode,pg] [--no-readme]`:
 * how far darkfleet's findings can be trusted, in one command. Writes data/evaluation.json
 * (which the package ships and `darkfleet report` embeds, src/report/evaluation.ts) and
 * rewrites the README's table between `<!-- evaluation:start -->` and `<!-- evaluation:end -->`.
 *
 * - Scenarios: fresh simulator seeds (not the tests' 2, 3, 5) with realism, analysed end to end
 *   from NMEA, scored by src/sim/score.ts, with the scenario's zones file and without it.
 * - Real data: gpsd's AIS regression suite (test/fixtures/ais/gpsd), GFW's segmenter regression
 *   files (test/fixtures/track, plus ../shared/data/identity when present), the DMA AisAbnormal
 *   cases (test/detect/dma-aisabnormal.test.ts, run through vitest; needs ../shared/data), and the
 *   hand reviews of events found in real files (test/fixtures/real-review/review.jsonl).
 * - With --bench: the benches whose peers are here, run beside them (decode vs ggencoder,
 *   ais-stream-decoder and gpsdecode; DuckDB vs PostgreSQL; screen, ingest and report against
 *   their bounds), each with the load average; --bench-long adds the 10M-position benches
 *   (analyze, detections, api: many minutes each); --bench-only picks by name
 *   (scripts/evaluate-bench.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/sim/index.js';
import { score } from '../src/sim/score.js';
import type { GroundTruth } from '../src/sim/truth-types.js';
import { runAnalyze } from '../src/cli/analyze.js';
import { openStore } from '../src/store/index.js';
import { AisStream } from '../src/ais/stream.js';
import { VERSION } from '../src/version.js';
import { EVALUATION_FILE, type Evaluation, type ScenarioEvaluation, type TypeScoreSummary } from '../src/report/evaluation.js';
import { addResults, compareObjects, parseChk, type CompareResult } from '../test/ais/compare.js';
import { loadRegression, segmentAndCompare } from '../test/track/gfw-agreement.js';
import { benchTable, runBenches } from './evaluate-bench.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
};
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const log = (s: string): void => void process.stderr.write(`${s}\n`);

async function scenarios(seeds: number[], hours: number, vessels: number): Promise<{ withZones: ScenarioEvaluation; withoutZones: ScenarioEvaluation }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-eval-'));
  const sums = { with: new Map<string, TypeScoreSummary>(), without: new Map<string, TypeScoreSummary>() };
  const neg = { with: { total: 0, reported: 0 }, without: { total: 0, reported: 0 } };
  try {
    for (const seed of seeds) {
      const out = path.join(dir, `seed${seed}`);
      simulate(out, { seed, hours, vessels, intervalS: 120, staticIntervalS: 1800, realism: true });
      const truth = JSON.parse(readFileSync(path.join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
      for (const mode of ['with', 'without'] as const) {
        const db = path.join(out, `${mode}.duckdb`);
        const t0 = performance.now();
        await runAnalyze([path.join(out, 'ais.nmea')], { db, format: 'auto', profile: 'gfw', quiet: true, ...(mode === 'with' ? { zones: path.join(out, 'zones.geojson') } : {}) });
        const store = await openStore(db, { mustExist: true });
        const events = await store.events();
        await store.close();
        const r = score(truth, events, mode === 'without' ? { withoutZonesFile: true } : {});
        for (const [type, s] of Object.entries(r.byType)) {
          const cur = sums[mode].get(type) ?? { truth: 0, detected: 0, matchedTruth: 0, matchedDetected: 0, precision: 1, recall: 1 };
          cur.truth += s.truth;
          cur.detected += s.detected;
          cur.matchedTruth += s.matchedTruth;
          cur.matchedDetected += s.matchedDetected;
          sums[mode].set(type, cur);
        }
        neg[mode].total += r.negatives.total;
        neg[mode].reported += r.negatives.reported.length;
        log(`seed ${seed} ${mode} zones file: ${events.length} events, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const fin = (m: Map<string, TypeScoreSummary>): Record<string, TypeScoreSummary> =>
    Object.fromEntries(
      [...m].sort().map(([k, s]) => [k, { ...s, precision: s.detected ? s.matchedDetected / s.detected : 1, recall: s.truth ? s.matchedTruth / s.truth : 1 }]),
    );
  const base = { seeds, hours, vessels, realism: true };
  return { withZones: { ...base, byType: fin(sums.with), negatives: neg.with }, withoutZones: { ...base, byType: fin(sums.without), negatives: neg.without } };
}

function gpsd(): NonNullable<Evaluation['real']['gpsd']> {
  const dir = path.join(root, 'test/fixtures/ais/gpsd');
  const run = (file: string, chk: string, scaled: boolean): CompareResult =>
    compareObjects(new AisStream({ scaled }).decodeAll(readFileSync(file)), parseChk(readFileSync(chk, 'utf8')));
  let total = run(path.join(dir, 'sample.aivdm'), path.join(dir, 'sample.aivdm.js.chk'), true);
  total = addResults(total, run(path.join(dir, 'sample.aivdm'), path.join(dir, 'sample.aivdm.ju.chk'), false));
  let files = 2;
  for (const f of readdirSync(path.join(dir, 'daemon')).filter((x) => x.endsWith('.log'))) {
    total = addResults(total, run(path.join(dir, 'daemon', f), path.join(dir, 'daemon', `${f}.chk`), false));
    files++;
  }
  return { files, objects: total.refObjects, matchedObjects: total.matchedObjects, fields: total.refFields, equalFields: total.equalFields };
}

function gfw(): NonNullable<Evaluation['real']['gfwSegments']> {
  const pick = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => /^(regr_\d+|segmented-\d+|338013000)\.json$/.test(f)).map((f) => path.join(dir, f)) : []);
  const sharedDir = path.resolve(root, '../shared/data/identity');
  const byName = new Map<string, string>();
  for (const f of [...pick(path.join(root, 'test/fixtures/track')), ...pick(sharedDir)]) byName.set(path.basename(f), f);
  let pairs = 0;
  let agree = 0;
  for (const f of byName.values()) {
    const a = segmentAndCompare(loadRegression(f));
    pairs += a.pairs;
    agree += a.agreement * a.pairs;
  }
  return { files: byName.size, pairs, agreement: pairs ? agree / pairs : 1, shared: existsSync(sharedDir) };
}

function dma(): Evaluation['real']['dma'] {
  if (!existsSync(path.resolve(root, '../shared/data/behaviour/dma-aisabnormal'))) return undefined;
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/detect/dma-aisabnormal.test.ts', '--reporter=json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const start = r.stdout.indexOf('{');
  if (start < 0) return undefined;
  const json = JSON.parse(r.stdout.slice(start)) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
  const names = json.testResults.flatMap((t) => t.assertionResults.map((a) => ({ name: a.title, passed: a.status === 'passed' })));
  return { cases: names.length, passed: names.filter((x) => x.passed).length, names };
}

function reviews(): NonNullable<Evaluation['real']['reviews']> {
  const out: Record<string, { reviewed: number; plausible: number; share: number }> = {};
  for (const line of readFileSync(path.join(root, 'test/fixtures/real-review/review.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { type: string; verdict: string };
    const o = (out[r.type] ??= { reviewed: 0, plausible: 0, share: 0 });
    o.reviewed++;
    if (r.verdict === 'plausible') o.plausible++;
  }
  for (const o of Object.values(out)) o.share = o.plausible / o.reviewed;
  return out;
}

const f2 = (x: number): string => x.toFixed(2);

/** The README table (markdown), from an evaluation. */
export function readmeTable(ev: Evaluation): string {
  const types = [...new Set([...Object.keys(ev.scenario.withZones.byType), ...Object.keys(ev.real.reviews ?? {})])].sort();
  const lines = [
    `Generated by \`npm run evaluate\` (darkfleet ${ev.version}${ev.commit ? `, ${ev.commit.slice(0, 10)}` : ''}, ${ev.generated.slice(0, 10)}, ${Math.round(ev.seconds)} s).`,
    `Scenarios: seeds ${ev.scenario.withZones.seeds.join(', ')}, ${ev.scenario.withZones.hours} h, ${ev.scenario.withZones.vessels} vessels, realism on; planted negatives reported ${ev.scenario.withZones.negatives.reported} of ${ev.scenario.withZones.negatives.total} (with zones file), ${ev.scenario.withoutZones.negatives.reported} of ${ev.scenario.withoutZones.negatives.total} (without).`,
    '',
    '| event type | scenarios P / R (with zones file) | scenarios P / R (without) | real-file review log: plausible / reviewed |',
    '| --- | --- | --- | --- |',
  ];
  for (const t of types) {
    const a = ev.scenario.withZones.byType[t];
    const b = ev.scenario.withoutZones.byType[t];
    const r = ev.real.reviews?.[t];
    lines.push(`| ${t} | ${a ? `${f2(a.precision)} / ${f2(a.recall)} (${a.truth} planted)` : '-'} | ${b ? `${f2(b.precision)} / ${f2(b.recall)}` : '-'} | ${r ? `${r.plausible} / ${r.reviewed}` : '-'} |`);
  }
  lines.push('');
  lines.push('The review log (test/fixtures/real-review/review.jsonl) holds every event darkfleet found in public real AIS files while its rules were being built, each judged by hand; the implausible ones are the false alarms those reviews fixed, kept as cases test/real requires never to come back. It says which kinds of finding needed the most care on real data, not today\'s precision.');
  lines.push('');
  if (ev.real.gpsd) lines.push(`- gpsd AIS regression suite: ${ev.real.gpsd.matchedObjects} of ${ev.real.gpsd.objects} messages equal (${((100 * ev.real.gpsd.matchedObjects) / ev.real.gpsd.objects).toFixed(2)}%), ${((100 * ev.real.gpsd.equalFields) / ev.real.gpsd.fields).toFixed(2)}% of fields, ${ev.real.gpsd.files} files.`);
  if (ev.real.gfwSegments) lines.push(`- GFW gpsdio-segment regression files: pair agreement ${ev.real.gfwSegments.agreement.toFixed(4)} over ${ev.real.gfwSegments.files} files${ev.real.gfwSegments.shared ? '' : ' (bundled fixtures only)'}.`);
  lines.push(ev.real.dma ? `- DMA AisAbnormal cases: ${ev.real.dma.passed} of ${ev.real.dma.cases} as labelled.` : '- DMA AisAbnormal cases: not run (../shared/data absent).');
  if (ev.bench && Object.keys(ev.bench).length) {
    lines.push('');
    lines.push('Benches (`npm run evaluate -- --bench`; the peers are run beside darkfleet on the same input, in the same run). Wall-clock figures on a shared machine follow its load, given per bench:');
    lines.push('');
    lines.push(...benchTable(ev.bench));
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const seeds = arg('seeds', '11,12').split(',').map(Number);
  const hours = Number(arg('hours', '36'));
  const vessels = Number(arg('vessels', '160'));
  log(`scenarios: seeds ${seeds.join(', ')}, ${hours} h, ${vessels} vessels`);
  const scenario = await scenarios(seeds, hours, vessels);
  log('real data: gpsd, GFW segments, DMA, reviews');
  const real: Evaluation['real'] = { gpsd: gpsd(), gfwSegments: gfw(), reviews: reviews() };
  const d = dma();
  if (d) real.dma = d;
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    commit = null;
  }
  const only = process.argv.includes('--bench-only') ? arg('bench-only', '').split(',').filter(Boolean) : undefined;
  const benches = flag('bench') || flag('bench-long') || only ? await runBenches(root, { long: flag('bench-long'), ...(only ? { only } : {}), log }) : undefined;
  const ev: Evaluation = { generated: new Date().toISOString(), version: VERSION, commit, seconds: 0, scenario, real, ...(benches ? { bench: benches } : {}) };
  ev.seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  writeFileSync(EVALUATION_FILE, `${JSON.stringify(ev, null, 1)}\n`);
  const table = readmeTable(ev);
  if (!flag('no-readme')) {
    const readme = path.join(root, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const re = /<!-- evaluation:start -->[\s\S]*?<!-- evaluation:end -->/;
    if (re.test(text)) writeFileSync(readme, text.replace(re, `<!-- evaluation:start -->\n${table}\n<!-- evaluation:end -->`));
    else log('README.md has no <!-- evaluation:start --> / <!-- evaluation:end --> markers: table not written');
  }
  process.stdout.write(`${table}\n${JSON.stringify({ evaluate: EVALUATION_FILE, seconds: ev.seconds })}\n`);
}

await main();
