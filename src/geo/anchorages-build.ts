/**
 * Builds the bundled anchorage/port point set (data/geo/anchorages.csv.gz) from
 *  - GFW named anchorages (GlobalFishingWatch/anchorages_pipeline anchorage_overrides.csv,
 *    Apache-2.0): S2-cell anchorage points with a port label and ISO3 country, and
 *  - the NGA World Port Index (Pub. 150, US public domain): one point per port, which also
 *    covers countries GFW lists no anchorage for (e.g. PRK: Nampo, Haeju, Wonsan...).
 * The WPI names countries in words; their ISO3 codes are learnt from GFW's own WPI extract
 * (WPI_ports.csv, Apache-2.0) by matching coordinates, majority vote per country.
 *
 * Points of one label closer than `clusterM` to an already kept point are dropped (greedy
 * thinning), so every source point stays within `clusterM` of a kept point of its port.
 *
 * Run: npx tsx src/geo/anchorages-build.ts <dir with the three CSVs> [out.csv.gz]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseCsv } from './csv.js';
import { haversineM } from './distance.js';
import { SourceError } from '../errors.js';

export interface AnchorageRow {
  lat: number;
  lon: number;
  label: string;
  iso3: string;
  kind: 'anchorage' | 'port';
}

export interface BuildResult {
  rows: AnchorageRow[];
  /** input rows read per source */
  read: { gfw: number; wpi: number };
  /** rows not used, by reason */
  rejected: Record<string, number>;
  /** points dropped because a kept point of the same label is within clusterM */
  thinned: number;
}

function table(text: string): { header: string[]; rows: string[][] } {
  const all = parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => !(r.length === 1 && r[0] === ''));
  const header = all.shift() ?? [];
  return { header, rows: all };
}

function col(header: string[], name: string): number {
  const i = header.indexOf(name);
  if (i < 0) throw new SourceError('bad_header', `CSV has no column "${name}" (columns: ${header.join(', ')})`);
  return i;
}

/** Country names the WPI uses that GFW's extract never pairs with a code. */
const COUNTRY_OVERRIDES: Record<string, string> = { Svalbard: 'SJM' };

export function buildAnchorages(
  gfwAnchoragesCsv: string,
  ngaWpiCsv: string,
  gfwWpiCsv: string,
  opts: { clusterM?: number } = {},
): BuildResult {
  const clusterM = opts.clusterM ?? 1000;
  const rejected: Record<string, number> = {};
  const reject = (why: string): void => {
    rejected[why] = (rejected[why] ?? 0) + 1;
  };
  const points: AnchorageRow[] = [];
  const coord = (lat: string | undefined, lon: string | undefined): [number, number] | null => {
    const y = Number(lat), x = Number(lon);
    if (lat === undefined || lon === undefined || lat.trim() === '' || lon.trim() === '') return null;
    if (!Number.isFinite(y) || !Number.isFinite(x) || Math.abs(y) > 90 || Math.abs(x) > 180) return null;
    return [y, x];
  };

  const gfw = table(gfwAnchoragesCsv);
  const gLat = col(gfw.header, 'latitude'), gLon = col(gfw.header, 'longitude');
  const gLabel = col(gfw.header, 'label'), gIso = col(gfw.header, 'iso3');
  for (const r of gfw.rows) {
    const c = coord(r[gLat], r[gLon]);
    const label = (r[gLabel] ?? '').trim().toUpperCase();
    if (!c) reject('gfw_bad_coordinates');
    else if (!label) reject('gfw_no_label');
    else points.push({ lat: c[0], lon: c[1], label, iso3: (r[gIso] ?? '').trim().toUpperCase(), kind: 'anchorage' });
  }

  // ISO3 per WPI country name, learnt from GFW's WPI extract (same ports, same coordinates)
  const gw = table(gfwWpiCsv);
  const wLat = col(gw.header, 'latitude'), wLon = col(gw.header, 'longitude'), wIso = col(gw.header, 'iso3');
  const isoAt = new Map<string, string>();
  const key = (y: number, x: number): string => `${y.toFixed(3)},${x.toFixed(3)}`;
  for (const r of gw.rows) {
    const c = coord(r[wLat], r[wLon]);
    if (c && r[wIso]) isoAt.set(key(c[0], c[1]), r[wIso]!.trim().toUpperCase());
  }
  const nga = table(ngaWpiCsv);
  const nLat = col(nga.header, 'Latitude'), nLon = col(nga.header, 'Longitude');
  const nName = col(nga.header, 'Main Port Name'), nCountry = col(nga.header, 'Country Code');
  const votes = new Map<string, Map<string, number>>();
  for (const r of nga.rows) {
    const c = coord(r[nLat], r[nLon]);
    const iso = c ? isoAt.get(key(c[0], c[1])) : undefined;
    if (!iso) continue;
    const country = (r[nCountry] ?? '').trim();
    const v = votes.get(country) ?? new Map<string, number>();
    v.set(iso, (v.get(iso) ?? 0) + 1);
    votes.set(country, v);
  }
  const countryIso = new Map<string, string>(Object.entries(COUNTRY_OVERRIDES));
  for (const [country, v] of votes) {
    const best = [...v.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best) countryIso.set(country, best[0]);
  }
  for (const r of nga.rows) {
    const c = coord(r[nLat], r[nLon]);
    const label = (r[nName] ?? '').trim().toUpperCase();
    if (!c) {
      reject('wpi_bad_coordinates');
      continue;
    }
    if (!label) {
      reject('wpi_no_name');
      continue;
    }
    const iso3 = countryIso.get((r[nCountry] ?? '').trim()) ?? '';
    if (!iso3) reject('wpi_unknown_country_kept');
    points.push({ lat: c[0], lon: c[1], label, iso3, kind: 'port' });
  }

  // greedy thinning per (kind, label, iso3), with a coarse grid to find near kept points
  const kept: AnchorageRow[] = [];
  const grid = new Map<string, AnchorageRow[]>();
  const cellDeg = 0.05; // ~5.5 km, > clusterM: neighbours are in the 3x3 block
  let thinned = 0;
  for (const p of points) {
    const gi = Math.floor(p.lat / cellDeg), gj = Math.floor(p.lon / cellDeg);
    let near = false;
    for (let di = -1; di <= 1 && !near; di++) {
      for (let dj = -1; dj <= 1 && !near; dj++) {
        for (const q of grid.get(`${gi + di},${gj + dj}`) ?? []) {
          if (q.label === p.label && q.iso3 === p.iso3 && q.kind === p.kind && haversineM(p.lat, p.lon, q.lat, q.lon) < clusterM) {
            near = true;
            break;
          }
        }
      }
    }
    if (near) {
      thinned++;
      continue;
    }
    const row = { ...p, lat: Math.round(p.lat * 1e4) / 1e4, lon: Math.round(p.lon * 1e4) / 1e4 };
    kept.push(row);
    const k = `${gi},${gj}`;
    const bucket = grid.get(k);
    if (bucket) bucket.push(p);
    else grid.set(k, [p]);
  }
  // sorted so that gzip sees runs of the same label
  kept.sort((a, b) => a.iso3.localeCompare(b.iso3) || a.label.localeCompare(b.label) || a.kind.localeCompare(b.kind) || a.lat - b.lat || a.lon - b.lon);
  return { rows: kept, read: { gfw: gfw.rows.length, wpi: nga.rows.length }, rejected, thinned };
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The bundled file's text: `lat,lon,label,iso3,kind`. */
export function formatAnchoragesCsv(rows: AnchorageRow[]): string {
  const lines = ['lat,lon,label,iso3,kind'];
  for (const r of rows) lines.push(`${r.lat},${r.lon},${csvField(r.label)},${r.iso3},${r.kind}`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: tsx src/geo/anchorages-build.ts <ports dir> [out.csv.gz]\n');
    process.exit(2);
  }
  const out = process.argv[3] ?? fileURLToPath(new URL('../../data/geo/anchorages.csv.gz', import.meta.url));
  const res = buildAnchorages(
    readFileSync(path.join(dir, 'gfw_named_anchorages_overrides.csv'), 'utf8'),
    readFileSync(path.join(dir, 'nga_world_port_index_UpdatedPub150.csv'), 'utf8'),
    readFileSync(path.join(dir, 'gfw_WPI_ports.csv'), 'utf8'),
  );
  const gz = gzipSync(formatAnchoragesCsv(res.rows), { level: 9 });
  writeFileSync(out, gz);
  process.stdout.write(JSON.stringify({ out, rows: res.rows.length, bytes: gz.length, read: res.read, thinned: res.thinned, rejected: res.rejected }) + '\n');
}
