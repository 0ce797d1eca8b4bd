/**
 * Golden fixtures per detector (test/fixtures/detect/<detector>/in/*.ndjson ->
 * out/*.json, a GeoJSON FeatureCollection of the events, openable in QGIS).
 * Inputs are generated once from scenarios.ts and then kept as files; `REGEN=1`
 * rewrites the expected outputs (and writes missing inputs). Without it a
 * missing input or expected file fails the test: a deleted fixture must not
 * pass by being written again. Floats are compared with a tolerance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../src/detect/index.js';
import type { Event } from '../../src/events.js';
import type { DetectRecord } from '../../src/detect/runner.js';
import { SCENARIOS } from './scenarios.js';
import { testGeo } from './sim.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../fixtures/detect');
const REGEN = process.env['REGEN'] === '1';

function toGeoJson(events: Event[]) {
  return {
    type: 'FeatureCollection',
    features: events.map((e) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [e.lon, e.lat] }, properties: e })),
  };
}

function close(a: unknown, b: unknown, at = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(b))) throw new Error(`${at}: ${a} != ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) throw new Error(`${at}: length ${a.length} != ${b.length}`);
    a.forEach((x, i) => close(x, b[i], `${at}[${i}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    expect(ka, at).toEqual(kb);
    for (const k of ka) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    return;
  }
  expect(a, at).toEqual(b);
}

describe('golden fixtures', () => {
  for (const [detector, make] of Object.entries(SCENARIOS)) {
    it(detector, () => {
      const inFile = path.join(root, detector, 'in', 'scenario.ndjson');
      const outFile = path.join(root, detector, 'out', 'scenario.json');
      if (!fs.existsSync(inFile)) {
        if (!REGEN) throw new Error(`missing golden input ${path.relative(root, inFile)}: run with REGEN=1 to write it from scenarios.ts`);
        fs.mkdirSync(path.dirname(inFile), { recursive: true });
        fs.writeFileSync(inFile, make().map((r) => JSON.stringify(r)).join('\n') + '\n');
      }
      const records = fs
        .readFileSync(inFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as DetectRecord);
      const runner = createRunner({ geo: testGeo() });
      const events = [...runner.push(records), ...runner.flush()].sort((a, b) => (a.id < b.id ? -1 : 1));
      const mine = events.filter((e) => e.type === detector || (detector === 'port_visit' && e.type.startsWith('zone_')));
      const got = JSON.parse(JSON.stringify(toGeoJson(mine))) as unknown;
      if (!REGEN && !fs.existsSync(outFile)) {
        throw new Error(`missing golden output ${path.relative(root, outFile)}: run with REGEN=1 to write it, then review the diff`);
      }
      if (REGEN) {
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        fs.writeFileSync(outFile, JSON.stringify(got, null, 1) + '\n');
      }
      const want = JSON.parse(fs.readFileSync(outFile, 'utf8')) as unknown;
      close(got, want, detector);
      // a scenario must produce its own kind of event
      expect(mine.length).toBeGreaterThan(0);
    });
  }
});
