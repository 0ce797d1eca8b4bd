/**
 * `darkfleet geography [--db PATH] [--format geojson|table] [--water] [--cells] [--zones Z]`:
 * the traffic layer learned from the store (src/geo/traffic.ts) for an analyst to review on a
 * map: learned anchorages (points, with their port, distinct vessels, vessel-hours, first and
 * last stop), optionally their cells and the water-evidence cells (polygons), and a coverage
 * summary (the GeoJSON's `darkfleet` member; QGIS ignores it and opens the features). The layer
 * is rebuilt first when positions were added since it was built, as `analyze` does.
 */
import type { Command } from 'commander';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { storedTraffic } from '../pipeline/analyze.js';
import { WorldGeo } from '../geo/context.js';
import { readZonesFile } from '../geo/zones.js';
import type { TrafficLayer } from '../geo/traffic.js';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';

export interface GeographyOptions {
  db: string;
  format: string;
  water?: boolean;
  cells?: boolean;
  zones?: string;
}

const HOUR_MS = 3_600_000;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const iso = (ms: number): string => new Date(ms).toISOString();

function cellFeature(layer: TrafficLayer, cell: number, properties: Record<string, string | number>): Feature<Geometry> {
  const ring = layer.grid.polygon(cell).map(([lo, la]) => [round6(lo), round6(la)]);
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
}

/** The learned geography as GeoJSON (empty for an empty store). */
export async function geography(opts: GeographyOptions): Promise<FeatureCollection & { darkfleet: Record<string, unknown> }> {
  const store = await openStore(opts.db, { mustExist: true });
  try {
    const { layer, refreshed, seconds } = await storedTraffic(store);
    const features: Feature<Geometry>[] = [];
    const summary: Record<string, unknown> = { version: VERSION, refreshed, refreshSeconds: Number(seconds.toFixed(3)) };
    if (!layer) return { type: 'FeatureCollection', features, darkfleet: { ...summary, anchorages: 0 } };
    const geo = new WorldGeo({ traffic: layer, ...(opts.zones ? { zones: readZonesFile(opts.zones) } : {}) });
    for (const a of geo.learnedAnchorages) {
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [round6(a.lon), round6(a.lat)] },
        properties: {
          kind: 'learned_anchorage',
          port: a.label,
          iso3: a.iso3,
          distinctVessels: a.distinctVessels,
          vesselHours: a.hours,
          positions: a.positions,
          cells: a.cells.length,
          portDistanceM: Math.round(a.portDistanceM),
          shoreDistanceM: Math.round(a.shoreDistanceM),
          first: iso(a.firstMs),
          last: iso(a.lastMs),
        },
      });
      if (opts.cells) {
        for (const cell of a.cells) {
          const c = layer.cellAt(...layer.grid.center(cell));
          features.push(cellFeature(layer, cell, { kind: 'anchorage_cell', port: a.label, cell, stationaryVessels: c.stationaryVessels, stationaryHours: c.stationaryHours }));
        }
      }
    }
    const water = layer.waterCells();
    if (opts.water) {
      for (const cell of [...water].sort((x, y) => x - y)) {
        const c = layer.cellAt(...layer.grid.center(cell));
        features.push(cellFeature(layer, cell, { kind: 'water', cell, movingVessels: c.movingVessels, movingHours: c.movingHours }));
      }
    }
    const rows = layer.toRows();
    const hours = rows.hours.map((h) => h.hour).sort((x, y) => x - y);
    const first = hours[0]!, last = hours[hours.length - 1]!;
    const span = layer.dataCoverage(first * HOUR_MS, (last + 1) * HOUR_MS - 1);
    const coverageCells = new Set(rows.coverage.map((c) => c.cell));
    Object.assign(summary, {
      anchorages: geo.learnedAnchorages.length,
      cellM: layer.cellM,
      coverageCellM: layer.coverageCellM,
      trafficCells: rows.cells.length,
      waterCells: water.size,
      coverage: {
        first: iso(first * HOUR_MS),
        last: iso((last + 1) * HOUR_MS),
        hours: span.hours,
        hoursWithData: span.hoursWithData,
        missingRuns: span.missing.length,
        longestMissingH: Math.max(0, ...span.missing.map((m) => (m.toMs - m.fromMs) / HOUR_MS)),
        cells: coverageCells.size,
        cellHours: rows.coverage.length,
      },
    });
    return { type: 'FeatureCollection', features, darkfleet: summary };
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
