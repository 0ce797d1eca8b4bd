/**
 * The geography an analyst reviews on a map, as GeoJSON features: the anchorages learned from
 * the store's traffic layer (with their cells and the water-evidence cells on request), the
 * polygon zones in force and the lines of the shore zones (the 12 nm territorial sea, drawn as
 * the isoline of the distance to the coast the detectors test). One home for both readers:
 * `darkfleet geography` (src/cli/geography.ts) and the map's GET /api/geography.
 */
import type { Feature, Geometry } from 'geojson';
import type { WorldGeo } from '../geo/context.js';
import { distanceToShoreM } from '../geo/land.js';
import { isolines } from '../geo/isoline.js';
import type { TrafficLayer } from '../geo/traffic.js';
import type { ShoreZone, ZoneSet } from '../geo/zones.js';

const HOUR_MS = 3_600_000;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const iso = (ms: number): string => new Date(ms).toISOString();

function cellFeature(layer: TrafficLayer, cell: number, properties: Record<string, string | number>): Feature<Geometry> {
  const ring = layer.grid.polygon(cell).map(([lo, la]) => [round6(lo), round6(la)]);
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
}

export interface LearnedGeographyOptions {
  /** each learned anchorage's cells as polygons */
  cells?: boolean;
  /** the water-evidence cells as polygons */
  water?: boolean;
}

/** Learned anchorages (points, optionally their cells), water cells on request, and a coverage summary. */
export function learnedGeography(layer: TrafficLayer, geo: WorldGeo, opts: LearnedGeographyOptions = {}): { features: Feature<Geometry>[]; summary: Record<string, unknown> } {
  const features: Feature<Geometry>[] = [];
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
  const summary = {
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
  };
  return { features, summary };
}

/** Polygon zones as features (kind `zone`), with their own properties (name, kind, source, ...). */
export function zoneFeatures(set: ZoneSet): Feature<Geometry>[] {
  return set.zones.map((z) => ({
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates: z.rings.map((r) => [Array.from({ length: r.length / 2 }, (_, i) => [round6(r[2 * i]!), round6(r[2 * i + 1]!)])]) },
    properties: { ...z.properties, name: z.name, zoneKind: z.properties.kind ?? null, kind: 'zone' },
  }));
}

/** Grid step of a shore zone's line: 0.01 degree (about 1 km), the accuracy of the 1:10m coast it is measured from. */
export const SHORE_LINE_STEP_DEG = 0.01;

/**
 * A shore zone's boundary (e.g. 12 nm from the coast) inside its box, as a MultiLineString
 * feature (kind `shore_zone`). One distance query per grid node: about 35,000 for West Korea
 * Bay, well under a second; callers keep the result.
 */
export function shoreZoneLine(z: ShoreZone, step = SHORE_LINE_STEP_DEG): Feature<Geometry> {
  // searching farther than twice the limit cannot change which side of it a node is on
  const far = z.maxShoreDistM * 2;
  const lines = isolines({ bbox: z.bbox, step }, (lat, lon) => Math.min(distanceToShoreM(lat, lon, far), far), z.maxShoreDistM);
  return {
    type: 'Feature',
    geometry: { type: 'MultiLineString', coordinates: lines },
    properties: { ...z.properties, name: z.name, zoneKind: z.properties.kind ?? null, kind: 'shore_zone', maxShoreDistM: z.maxShoreDistM, bbox: [...z.bbox] },
  };
}
