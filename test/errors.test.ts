/**
 * The error policy (docs/architecture.md): everything darkfleet throws is a DarkfleetError
 * with a code. The classes are checked as built, every throw site in src/** is walked with the
 * TypeScript compiler, and real failure paths are run to see what they throw.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';
import { DarkfleetError } from '../src/errors.js';
import { decodeSentence } from '../src/ais/stream.js';
import { createRunner } from '../src/detect/index.js';
import { WorldGeo } from '../src/geo/context.js';
import { openByteSource } from '../src/sources/open.js';
import { readInput } from '../src/sources/read.js';
import { byteSourceFromBytes } from '../src/sources/open.js';
import { openStore } from '../src/store/index.js';
import { main } from '../src/cli/index.js';
import type { Position } from '../src/records.js';
import { compilerOptions, walkThrowSites } from './throw-sites.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const errorsFile = path.join(root, 'src/errors.ts');

/** The classes src/errors.ts exports: DarkfleetError and its subclasses. */
const ERROR_CLASSES = new Set(
  Object.entries(errors)
    .filter(([, v]) => typeof v === 'function' && (v === DarkfleetError || (v as { prototype: unknown }).prototype instanceof DarkfleetError))
    .map(([k]) => k),
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Runs `fn` and returns what it threw (sync or async). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

function expectCode(err: unknown, cls: abstract new (...a: never[]) => DarkfleetError, code: string): void {
  expect(err).toBeInstanceOf(DarkfleetError);
  expect(err).toBeInstanceOf(cls);
  expect((err as DarkfleetError).code).toBe(code);
}

describe('errors', () => {
  it('every exported error class extends DarkfleetError and carries a code', () => {
    const made = [
      new errors.NmeaError('checksum', 'bad checksum'),
      new errors.SourceError('unreadable', 'x'),
      new errors.StoreError('boom', 'SELECT 1', [1]),
      new errors.ScreenError('bad_list', 'x'),
      new errors.UsageError('x'),
    ];
    for (const e of made) {
      expect(e).toBeInstanceOf(errors.DarkfleetError);
      expect(e).toBeInstanceOf(Error);
      expect(typeof e.code).toBe('string');
      expect(e.code.length).toBeGreaterThan(0);
    }
    // every function src/errors.ts exports is one of its error classes
    const exported = Object.values(errors).filter((v) => typeof v === 'function');
    expect(exported.length).toBe(ERROR_CLASSES.size);
    expect(ERROR_CLASSES.size).toBe(made.length + 1);
  });

  it('every throw site in src/** throws a DarkfleetError class of src/errors.ts, or rethrows a caught error', () => {
    const files = sources(path.join(root, 'src'));
    const walk = walkThrowSites(files, errorsFile, ERROR_CLASSES, compilerOptions(path.join(root, 'tsconfig.json')));
    const shown = walk.problems.map((p) => `${path.relative(root, p.file)}:${p.line}: ${p.text}\n    ${p.why}`);
    expect(shown, shown.join('\n')).toEqual([]);
    // the walk did look: darkfleet has well over a hundred throw sites
    expect(walk.sites).toBeGreaterThan(100);
  });

  it('the walk catches what it should (a file of bad throw sites)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-throws-'));
    try {
      const file = path.join(dir, 'bad.ts');
      writeFileSync(
        file,
        `import { SourceError, DarkfleetError } from ${JSON.stringify(errorsFile.replace(/\.ts$/, '.js'))};
class LocalError extends Error {}
const kept = new Error('kept');
export function f(n: number): unknown {
  if (n === 0) throw new RangeError('a');
  if (n === 1) throw new LocalError('b');
  if (n === 2) throw kept;
  if (n === 3) throw n > 0 ? new SourceError('x', 'y') : new TypeError('c');
  if (n === 4) return Promise.reject(new Error('d'));
  if (n === 5) throw new SourceError('ok', 'fine');
  if (n === 6) throw new DarkfleetError('ok', 'fine');
  const helper = (): SourceError => new SourceError('ok', 'fine');
  if (n === 7) throw helper();
  try {
    return JSON.parse('x');
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw err;
  }
}
`,
      );
      const walk = walkThrowSites([file], errorsFile, ERROR_CLASSES, compilerOptions(path.join(root, 'tsconfig.json')));
      expect(walk.sites).toBe(9);
      expect(walk.problems.map((p) => p.line)).toEqual([3, 5, 6, 7, 8, 9]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('real failure paths throw DarkfleetErrors with codes', () => {
    it('the strict decoder: a bad checksum, an incomplete multipart group', async () => {
      expectCode(await thrown(() => decodeSentence('!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*00')), errors.NmeaError, 'checksum');
      expectCode(
        await thrown(() => decodeSentence('!AIVDM,2,1,3,B,55P5TL01VIaAL@7WKO@mBplU@<PDhh000000001S;AJ::4A80?4i@E53,0*3E')),
        errors.NmeaError,
        'missing_fragment',
      );
    });

    it('the detector runner: out-of-order input, input after flush, a bad parameter', async () => {
      const geo = new WorldGeo();
      const at = (t: number): Position => ({ mmsi: 412000001, t, lat: 38, lon: 124, sog: 0, cog: 0, heading: null, navStatus: null, source: 't' });
      const runner = createRunner({ profile: 'gfw', geo });
      runner.push([at(Date.UTC(2024, 2, 1, 12))]);
      expectCode(await thrown(() => runner.push([at(Date.UTC(2024, 2, 1, 11))])), DarkfleetError, 'detect_unsorted');
      runner.flush();
      expectCode(await thrown(() => runner.push([at(Date.UTC(2024, 2, 1, 13))])), DarkfleetError, 'detect_flushed');
      expectCode(await thrown(() => createRunner({ profile: 'gfw', geo, params: { encounter: { tickMin: 0 } } })), DarkfleetError, 'detect_params');
    });

    it('sources: a missing file, an unknown format, a bad address', async () => {
      expectCode(await thrown(() => openByteSource(path.join(root, 'no-such-file.nmea'))), errors.SourceError, 'unreadable');
      expectCode(await thrown(async () => {
        for await (const b of readInput(byteSourceFromBytes('junk.txt', 'hello\nworld\n'))) void b;
      }), errors.SourceError, 'unknown_format');
      expectCode(await thrown(() => openByteSource('tcp://nowhere')), errors.SourceError, 'bad_address');
    });

    it('the store: a missing store opened read-only, a closed store', async () => {
      expectCode(await thrown(() => openStore(path.join(tmpdir(), 'darkfleet-no-such.duckdb'), { mustExist: true })), errors.StoreError, 'store');
      const dir = mkdtempSync(path.join(tmpdir(), 'darkfleet-closed-'));
      try {
        const store = await openStore(path.join(dir, 's.duckdb'));
        await store.close();
        expectCode(await thrown(() => store.stats()), errors.StoreError, 'store');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the command line turns usage mistakes into exit code 2 and other DarkfleetErrors into 1', async () => {
      const write = process.stderr.write.bind(process.stderr);
      const said: string[] = [];
      process.stderr.write = ((s: string) => (said.push(String(s)), true)) as typeof process.stderr.write;
      try {
        expect(await main(['node', 'darkfleet', 'decode', '--types', 'x', '-'])).toBe(2);
        expect(await main(['node', 'darkfleet', 'decode', path.join(root, 'no-such-file.nmea')])).toBe(1);
      } finally {
        process.stderr.write = write;
      }
      expect(said.join('')).toMatch(/\[unreadable\]/);
    });
  });
});
