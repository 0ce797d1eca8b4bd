import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate, simulate } from '../../src/sim/index.js';
import { main } from '../../src/cli/index.js';
import { Rng } from '../../src/sim/prng.js';

const small = { seed: 3, hours: 14, vessels: 60, intervalS: 120 };

describe('simulate is deterministic', () => {
  it('gives byte-identical files for the same seed', () => {
    const a = mkdtempSync(join(tmpdir(), 'sim-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sim-b-'));
    try {
      simulate(a, small);
      simulate(b, small);
      const files = readdirSync(a).sort();
      expect(files).toEqual(['README.txt', 'ais.csv', 'ais.nmea', 'ground-truth.json', 'zones.geojson']);
      for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('gives different data for another seed', () => {
    const x = generate(small);
    const y = generate({ ...small, seed: 4 });
    expect(x.nmea.join('')).not.toBe(y.nmea.join(''));
    expect(x.truth.events).not.toEqual(y.truth.events);
  });

  it('seeded generator repeats and spreads', () => {
    const r1 = new Rng(42);
    const r2 = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => r1.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2.next()));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(new Rng(43).next()).not.toBe(new Rng(42).next());
  });
});

describe('darkfleet simulate (CLI)', () => {
  it('writes the files and ends stdout with a JSON summary', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string | Uint8Array): boolean => {
      chunks.push(String(s));
      return true;
    }) as typeof process.stdout.write;
    try {
      const code = await main(['node', 'darkfleet', 'simulate', '--seed', '5', '--hours', '12', '--vessels', '50', '--interval', '300', '--out', out]);
      expect(code).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const last = chunks.join('').trimEnd().split('\n').pop()!;
    const summary = JSON.parse(last) as { seed: number; nmeaLines: number; events: Record<string, number> };
    expect(summary.seed).toBe(5);
    expect(summary.nmeaLines).toBe(readFileSync(join(out, 'ais.nmea'), 'utf8').trimEnd().split('\n').length);
    expect(summary.events.encounter).toBeGreaterThan(0);
    rmSync(out, { recursive: true, force: true });
  });

  it('rejects bad options with a usage error', async () => {
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string | Uint8Array): boolean => {
      err.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'darkfleet', 'simulate', '--seed', 'x', '--hours', '12', '--out', '/tmp/never'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(err.join('')).toMatch(/--seed/);
  });
});
