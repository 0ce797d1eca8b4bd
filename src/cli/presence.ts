/**
 * `darkfleet presence [--db] [--zone NAME|--zones FILE|--bbox W,S,E,N] [--from T] [--to T]
 * [--format table|json|csv|geojson] [--min-voyages N]`: who was in an area and for how long, and
 * who shuttles between two ports (src/analytics/presence.ts, routes.ts). json is the whole result
 * (repeated routes with every voyage's dates); csv one row per figure (section, key, value columns); geojson the
 * fishing-effort cells as polygons with the area's figures in the collection's `darkfleet` member.
 */
import type { Command } from 'commander';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { DEFAULT_DB, openStore } from '../store/index.js';
import { resolveArea, type Area } from '../analytics/area.js';
import { presence, type Presence } from '../analytics/presence.js';
import { ROUTE_DEFAULTS } from '../analytics/routes.js';
import { parseIsoStrict } from '../query/filters.js';
import { parseBbox } from './events.js';
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';

export const PRESENCE_FORMATS = ['table', 'json', 'csv', 'geojson'] as const;

export interface AreaCliOptions {
  db: string;
  zone?: string;
  zones?: string;
  bbox?: string;
  from?: string;
  to?: string;
}

/** The area and period of `presence` and `report`; a bad value is a UsageError naming its option. */
export function areaQuery(o: AreaCliOptions): { area: Area; from?: number; to?: number } {
  const time = (name: string, s: string | undefined): number | undefined => {
    if (s === undefined) return undefined;
    const t = parseIsoStrict(s);
    if (t === null) throw new UsageError(`--${name}: "${s}" is not an ISO 8601 time (2026-03-01 or 2026-03-01T12:00:00Z)`);
    return t;
  };
  const from = time('from', o.from);
  const to = time('to', o.to);
  if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from is after --to');
  const area = resolveArea({ ...(o.zone !== undefined ? { zone: o.zone } : {}), ...(o.zones !== undefined ? { zones: o.zones } : {}), ...(o.bbox !== undefined ? { bbox: parseBbox(o.bbox) } : {}) });
  return { area, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

const csvCell = (v: string | number): string => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));

/** One row per figure: section,key,vessels,vessel_days,value. */
export function presenceCsv(p: Presence): string {
  const rows: (string | number)[][] = [['section', 'key', 'vessels', 'vessel_days', 'value']];
  rows.push(['total', p.area.name, p.vessels, p.vesselDays, p.positions]);
  for (const f of p.byFlag) rows.push(['flag', f.flag, f.vessels, f.vesselDays, f.country]);
  for (const t of p.byShipType) rows.push(['ship_type', t.category, t.vessels, t.vesselDays, '']);
  for (const d of p.byDay) rows.push(['day', d.day, d.vessels, '', JSON.stringify(d.byFlag)]);
  rows.push(['fishing', 'hours', p.fishing.vessels, '', p.fishing.hours]);
  for (const c of p.fishing.cells) rows.push(['fishing_cell', `${c.lat},${c.lon}`, c.vessels, '', c.hours]);
  rows.push(['port_calls', 'total', '', '', p.portCalls.total]);
  for (const c of p.portCalls.byFlag) rows.push(['port_calls_flag', c.flag, '', '', c.calls]);
  for (const c of p.portCalls.byPreviousPort) rows.push(['port_calls_previous_port', c.port, '', '', c.calls]);
  for (const r of p.routes.list) rows.push(['repeated_route', `${r.mmsi} ${r.a} <-> ${r.b}`, 1, '', r.voyages]);
  for (const [k, v] of Object.entries(p.counts)) rows.push(['count', k, '', '', v]);
  for (const [k, v] of Object.entries(p.eventsByType)) rows.push(['events', k, '', '', v]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n');
}

/** The effort cells as polygons; the figures ride in `darkfleet`. */
export function presenceGeoJson(p: Presence): FeatureCollection & { darkfleet: Record<string, unknown> } {
  const features: Feature<Geometry>[] = p.fishing.cells.map((c) => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [c.polygon] },
    properties: { kind: 'fishing_effort', hours: c.hours, vessels: c.vessels, cellM: p.fishing.params.cellM },
  }));
  const { vesselList: _list, fishing, ...rest } = p;
  return { type: 'FeatureCollection', features, darkfleet: { version: VERSION, ...rest, fishing: { vessels: fishing.vessels, hours: fishing.hours, params: fishing.params } } };
}

const pad = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
};

export function presenceTable(p: Presence): string {
  const out: string[] = [];
  out.push(`${p.area.name}, ${p.period.from ?? '-'} .. ${p.period.to ?? '-'}: ${p.vessels} vessels, ${p.vesselDays} vessel-days, ${p.positions} positions`);
  out.push('', pad([['flag', 'country', 'vessels', 'vessel-days'], ...p.byFlag.map((f) => [f.flag, f.country, String(f.vessels), String(f.vesselDays)])]));
  out.push('', pad([['ship type', 'vessels', 'vessel-days'], ...p.byShipType.map((t) => [t.category, String(t.vessels), String(t.vesselDays)])]));
  out.push('', `fishing effort: ${p.fishing.hours} h by ${p.fishing.vessels} fishing vessels at ${p.fishing.params.minKn}-${p.fishing.params.maxKn} kn, in ${p.fishing.cells.length} cells of ${p.fishing.params.cellM / 1000} km`);
  out.push('', `port calls: ${p.portCalls.total}`);
  if (p.portCalls.total) {
    out.push(pad([['by flag', 'calls'], ...p.portCalls.byFlag.map((c) => [c.flag, String(c.calls)])]));
    out.push(pad([['previous port', 'calls'], ...p.portCalls.byPreviousPort.map((c) => [c.port, String(c.calls)])]));
  }
  out.push('', `repeated routes (>= ${p.routes.minVoyages} voyages between two ports or zones): ${p.routes.list.length}`);
  if (p.routes.list.length) out.push(pad([['mmsi', 'flag', 'between', 'and', 'voyages', 'first', 'last'], ...p.routes.list.map((r) => [String(r.mmsi), r.flag, r.a, r.b, `${r.voyages} (${r.aToB}+${r.bToA})`, r.first, r.last])]));
  out.push('', pad([['count', 'n'], ...Object.entries(p.counts).map(([k, v]) => [k, String(v)])]));
  return out.join('\n');
}

/** The store, area and period options `presence` and `report` share (read by `areaQuery`). */
export function areaOptions(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'store file or postgres:// URL', DEFAULT_DB)
    .option('--zone <name>', 'a bundled zone (Nampo port, West Sea Barrage, territorial_sea_12nm) or, with --zones, one zone of that file')
    .option('--zones <file>', 'GeoJSON zones file (all its zones, or the one --zone names)')
    .option('--bbox <W,S,E,N>', 'a box instead of a zone')
    .option('--from <time>', 'ISO 8601 start (inclusive)')
    .option('--to <time>', 'ISO 8601 end (inclusive)');
}

export function register(program: Command): void {
  const cmd = program
    .command('presence')
    .description('vessel-days and vessels by flag and ship type, fishing effort, port calls and risk counts over a zone or box and a period');
  areaOptions(cmd)
    .option('--format <format>', PRESENCE_FORMATS.join('|'), 'table')
    .option('--min-voyages <n>', 'repeated routes: voyages between one pair of ports or zones', String(ROUTE_DEFAULTS.minVoyages))
    .action(async (o: AreaCliOptions & { format: string; minVoyages: string }) => {
      if (!(PRESENCE_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format must be one of ${PRESENCE_FORMATS.join(', ')}`);
      const minVoyages = Number(o.minVoyages);
      if (!Number.isInteger(minVoyages) || minVoyages < 2) throw new UsageError(`--min-voyages must be an integer >= 2, got "${o.minVoyages}"`);
      const q = { ...areaQuery(o), minVoyages };
      const store = await openStore(o.db, { mustExist: true, readOnly: true });
      let p: Presence;
      try {
        p = await presence(store, q);
      } finally {
        await store.close();
      }
      const text = o.format === 'json' ? JSON.stringify(p) : o.format === 'csv' ? presenceCsv(p) : o.format === 'geojson' ? JSON.stringify(presenceGeoJson(p)) : presenceTable(p);
      process.stdout.write(`${text}\n`);
    });
}
