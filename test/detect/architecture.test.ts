/**
 * The shape of src/detect, checked on the source: every detector implements the one
 * `Detector` interface, the runner holds them in a list, and no detector imports another
 * (what needs two detectors' results is a stage after them, stages.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/detect');
/** detector modules: a file, or a folder of files */
const DETECTORS = ['encounter.ts', 'loitering.ts', 'gap.ts', 'identity.ts', 'port_visit.ts', 'zones.ts', 'drift.ts', 'spoofing', 'convoy.ts', 'destination.ts'];

function files(entry: string): string[] {
  const p = path.join(dir, entry);
  return fs.statSync(p).isDirectory() ? fs.readdirSync(p).map((f) => path.join(p, f)) : [p];
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/from\s+'(\.[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

describe('src/detect architecture', () => {
  it('no detector imports another detector', () => {
    for (const d of DETECTORS) {
      const mine = new Set(files(d));
      const others = new Set(DETECTORS.filter((x) => x !== d).flatMap(files));
      for (const f of mine) {
        for (const i of imports(f)) {
          const target = fs.existsSync(i) ? i : path.join(i.replace(/\.ts$/, ''), 'index.ts');
          expect(others.has(target), `${path.relative(dir, f)} imports ${path.relative(dir, target)}`).toBe(false);
        }
      }
    }
  });

  it('every detector class implements Detector and is in the runner list', () => {
    const runner = fs.readFileSync(path.join(dir, 'runner.ts'), 'utf8');
    const classes = DETECTORS.flatMap(files)
      .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/export class (\w+Detector)( implements Detector)?/g)])
      .map((m) => ({ name: m[1]!, implements: m[2] !== undefined }));
    expect(classes.length).toBe(DETECTORS.length);
    for (const c of classes) {
      expect(c.implements, c.name).toBe(true);
      expect(runner, c.name).toMatch(new RegExp(`new ${c.name}\\(this\\.ctx\\)`));
    }
  });
});
