/**
 * The built Natural Earth land model (land.ts) kept on disk between runs. Building it from the
 * 1:10m topology (parse, rings, grid, coastline R-tree) takes 1-1.5 s of every process that asks
 * whether a point is land or how far the coast is: a scale-out worker's start, `analyze` of a
 * small file, each test file. Reading it back (48 MB of typed arrays) takes ~0.25 s.
 *
 * Where: $DARKFLEET_CACHE_DIR, else $XDG_CACHE_HOME/darkfleet, else ~/.cache/darkfleet;
 * DARKFLEET_CACHE_DIR=off keeps nothing. The file is named by what the model was built from (the
 * size and modification time of the topology file and of land.ts, the code that builds it; the
 * cell size; this format), written under a temporary name and renamed, so processes building at
 * once never read half a file, and checked on reading (magic, lengths, CRC-32 of the body); the
 * three newest copies are kept. Whatever fails (no home, a read-only disk, a damaged file) falls
 * back to building, as without a cache.
 *
 * Layout: 'DFLAND01', u32 header length, the JSON header, then each array 8-byte aligned in the
 * header's order, then 'DFLANDOK'.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import Flatbush from 'flatbush';
import type { LandModel } from './land.js';

const MAGIC = 'DFLAND01';
const TRAILER = 'DFLANDOK';
const FORMAT = 1;

interface Header {
  format: number;
  source: string;
  cellSize: number;
  nx: number;
  ny: number;
  crc: number;
  /** byte length of each part, in file order */
  parts: Record<Part, number>;
}

type Part = 'edges' | 'cellStart' | 'cellEdges' | 'cellRef' | 'coast' | 'index';
const PARTS: readonly Part[] = ['edges', 'cellStart', 'cellEdges', 'cellRef', 'coast', 'index'];

/** The cache directory, or null when caching is off. */
export function cacheDir(): string | null {
  const env = process.env['DARKFLEET_CACHE_DIR'];
  if (env === 'off') return null;
  if (env) return env;
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg) return path.join(xdg, 'darkfleet');
  try {
    return path.join(homedir(), '.cache', 'darkfleet');
  } catch {
    return null;
  }
}

const pad8 = (n: number): number => (n + 7) & ~7;

function bytesOf(m: LandModel): Record<Part, Uint8Array> {
  const view = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return {
    edges: view(m.edges),
    cellStart: view(m.cellStart),
    cellEdges: view(m.cellEdges),
    cellRef: view(m.cellRef),
    coast: view(m.coast),
    index: new Uint8Array(m.coastIndex.data as ArrayBuffer, 0, (m.coastIndex.data as ArrayBuffer).byteLength),
  };
}

/** The file a model built from `sources` with cells of `cellSize` degrees is kept in (null: no cache). */
function cacheFile(sources: readonly string[], cellSize: number): { file: string; source: string } | null {
  const dir = cacheDir();
  if (!dir) return null;
  try {
    const source = sources
      .map((f) => {
        const st = statSync(f);
        return `${path.basename(f)}:${st.size}:${Math.round(st.mtimeMs)}`;
      })
      .join(';');
    const tag = crc32(`${source}:${cellSize}:${FORMAT}`).toString(16).padStart(8, '0');
    return { file: path.join(dir, `land-${tag}.bin`), source };
  } catch {
    return null;
  }
}

function read(file: string, source: string, cellSize: number): LandModel | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (buf.toString('latin1', 0, 8) !== MAGIC || buf.toString('latin1', buf.length - 8) !== TRAILER) return null;
    const hlen = buf.readUInt32LE(8);
    const h = JSON.parse(buf.toString('utf8', 12, 12 + hlen)) as Header;
    if (h.format !== FORMAT || h.source !== source || h.cellSize !== cellSize) return null;
    // typed array views need the body 8-byte aligned in its ArrayBuffer
    const ab = buf.byteOffset % 8 === 0 ? buf.buffer : Uint8Array.prototype.slice.call(buf).buffer;
    const base = buf.byteOffset % 8 === 0 ? buf.byteOffset : 0;
    const start = pad8(12 + hlen);
    let o = start;
    const at: Partial<Record<Part, number>> = {};
    for (const p of PARTS) {
      at[p] = base + o;
      o = pad8(o + h.parts[p]);
    }
    if (o + 8 !== buf.length) return null;
    if (crc32(new Uint8Array(ab, base + start, o - start)) !== h.crc) return null;
    const nCells = h.nx * h.ny;
    const cellStart = new Int32Array(ab, at.cellStart!, h.parts.cellStart / 4);
    if (cellStart.length !== nCells + 1 || h.parts.cellRef !== nCells) return null;
    return {
      edges: new Float64Array(ab, at.edges!, h.parts.edges / 8),
      cellSize: h.cellSize,
      nx: h.nx,
      ny: h.ny,
      cellStart,
      cellEdges: new Int32Array(ab, at.cellEdges!, h.parts.cellEdges / 4),
      cellRef: new Uint8Array(ab, at.cellRef!, h.parts.cellRef),
      centreDist: new Float32Array(nCells).fill(Number.NaN),
      rowHalfDiagM: new Float64Array(h.ny),
      coast: new Float64Array(ab, at.coast!, h.parts.coast / 8),
      coastIndex: Flatbush.from(ab as ArrayBuffer, at.index!),
    };
  } catch {
    return null;
  }
}

function write(file: string, source: string, m: LandModel): void {
  const parts = bytesOf(m);
  let body = 0;
  for (const p of PARTS) body = pad8(body + parts[p].byteLength);
  const joined = new Uint8Array(body);
  let o = 0;
  for (const p of PARTS) {
    joined.set(parts[p], o);
    o = pad8(o + parts[p].byteLength);
  }
  const sizes = Object.fromEntries(PARTS.map((p) => [p, parts[p].byteLength])) as Record<Part, number>;
  const header: Header = { format: FORMAT, source, cellSize: m.cellSize, nx: m.nx, ny: m.ny, crc: crc32(joined), parts: sizes };
  const hjson = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(pad8(12 + hjson.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(hjson.length, 8);
  hjson.copy(head, 12);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, head);
      writeSync(fd, joined);
      writeSync(fd, Buffer.from(TRAILER, 'latin1'));
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    // a full disk leaves no partial copy behind
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Copies kept: each build of darkfleet (and its sources, for tests) names its own; older ones go. */
const KEEP = 3;

/** Removes all but the KEEP newest copies (`just` among them). */
function prune(dir: string, just: string): void {
  const copies = readdirSync(dir)
    .filter((f) => /^land-[0-9a-f]{8}\.bin$/.test(f))
    .map((f) => path.join(dir, f))
    .filter((f) => f !== just)
    .map((f) => ({ f, t: statSync(f).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of copies.slice(KEEP - 1)) rmSync(f, { force: true });
}

/**
 * The model `build` makes (cells of `cellSize` degrees) from the files `sources` (the data and the
 * code that builds it: a change to either names another copy), read from the cache when a good
 * copy is there, else built and (best effort) kept for the next run.
 */
export function cachedLandModel(sources: readonly string[], cellSize: number, build: () => LandModel): LandModel {
  const where = cacheFile(sources, cellSize);
  const hit = where ? read(where.file, where.source, cellSize) : null;
  if (hit) return hit;
  const m = build();
  if (where) {
    try {
      write(where.file, where.source, m);
      prune(path.dirname(where.file), where.file);
    } catch {
      // a cache that cannot be written only costs the next run the build
    }
  }
  return m;
}
