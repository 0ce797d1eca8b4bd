/**
 * `darkfleet geography [--db PATH] [--format geojson|table] [--water] [--cells] [--zones Z]`:
 * the traffic layer learned from the store (src/geo/traffic.ts) for an analyst to review on a
 * map: learned anchorages (points, with their port, distinct vessels, vessel-hours, first and
 * last stop), optionally their cells and the water-evidence cells (polygons), and a coverage
 * summary (the GeoJSON's `darkfleet` member; QGIS ignores it and opens the features). The layer
 * is rebuilt first when positions were added since it was built, as `analyze` does.
 */
import type { Command } from 'commander';
import type { FeatureCollection } from 'geojson';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { storedTraffic } from '../pipeline/analyze.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import { learnedGeography } from '../query/geography.js';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';

export interface GeographyOptions {
  db: string;
  format: string;
  water?: boolean;
  cells?: boolean;
  zones?: string;
}

/** The learned geography as GeoJSON (empty for an empty store). */
export async function geography(opts: GeographyOptions): Promise<FeatureCollection & { darkfleet: Record<string, unknown> }> {
  const store = await openStore(opts.db, { mustExist: true });
  try {
    const { layer, refreshed, seconds } = await storedTraffic(store);
    const summary: Record<string, unknown> = { version: VERSION, refreshed, refreshSeconds: Number(seconds.toFixed(3)) };
    if (!layer) return { type: 'FeatureCollection', features: [], darkfleet: { ...summary, anchorages: 0 } };
    const geo = new WorldGeo({ traffic: layer, ...(opts.zones ? { zones: readZonesFile(opts.zones) } : {}) });
    const learned = learnedGeography(layer, geo, { ...(opts.cells ? { cells: true } : {}), ...(opts.water ? { water: true } : {}) });
    return { type: 'FeatureCollection', features: learned.features, darkfleet: { ...summary, ...learned.summary } };
  } finally {
    await store.close();
  }
}

function table(fc: Awaited<ReturnType<typeof geography>>): string {
  const head = ['port', 'lat', 'lon', 'vessels', 'vessel_h', 'cells', 'shore_m', 'port_m', 'first', 'last'];
  const rows = fc.features
    .filter((f) => f.properties?.kind === 'learned_anchorage' && f.geometry.type === 'Point')
    .map((f) => {
      const p = f.properties!;
      const [lon, lat] = f.geometry.type === 'Point' ? f.geometry.coordinates : [NaN, NaN];
      return [String(p.port), lat!.toFixed(4), lon!.toFixed(4), String(p.distinctVessels), String(p.vesselHours), String(p.cells), String(p.shoreDistanceM), String(p.portDistanceM), String(p.first), String(p.last)];
    });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line), '', `coverage: ${JSON.stringify(fc.darkfleet.coverage ?? null)}`, `water cells: ${String(fc.darkfleet.waterCells ?? 0)}`].join('\n');
}

export function register(program: Command): void {
  program
    .command('geography')
    .description('export the traffic layer learned from the store: learned anchorages, water cells, coverage (GeoJSON for QGIS, or a table)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .option('--format <format>', 'geojson|table', 'geojson')
    .option('--water', 'include the water-evidence cells as polygons')
    .option('--cells', "include each learned anchorage's cells as polygons")
    .option('--zones <file>', 'GeoJSON zones whose ports name learned anchorages (as analyze --zones)')
    .action(async (opts: GeographyOptions) => {
      if (opts.format !== 'geojson' && opts.format !== 'table') throw new UsageError('--format must be geojson or table');
      const fc = await geography(opts);
      process.stdout.write(opts.format === 'table' ? `${table(fc)}\n` : `${JSON.stringify(fc)}\n`);
    });
}
