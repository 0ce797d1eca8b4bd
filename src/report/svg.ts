/**
 * The report's pictures as inline SVG, drawn offline: the map (Natural Earth 1:10m land from
 * world-atlas, clipped to the view by src/geo/clip.ts; the area; the 12 nm line where it is
 * defined; tracks thinned to what the page can show; events as symbols) and two bar charts.
 * Plain strings, no DOM: the report is one file that makes no request of any kind.
 */
import type { Polygon, MultiPolygon, Position as GeoPos } from 'geojson';
import type { Event } from '../events.js';
import { clipLand, type Box } from '../geo/clip.js';
import { landFeatures } from '../geo/land.js';
import { TERRITORIAL_SEA_12NM } from '../geo/zones.js';
import { shoreZoneLine } from '../query/geography.js';
import { haversineM } from '../geo/distance.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Event symbols: shape and colour by type (the legend lists the ones drawn). */
export const EVENT_STYLE: Record<string, { color: string; shape: 'circle' | 'diamond' | 'square' | 'triangle' | 'cross' | 'star' | 'arrow'; label: string }> = {
  encounter: { color: '#d62728', shape: 'circle', label: 'encounter' },
  loitering: { color: '#ff7f0e', shape: 'diamond', label: 'loitering' },
  gap: { color: '#7b3294', shape: 'square', label: 'AIS gap (filled: likely disabling)' },
  identity_change: { color: '#1f77b4', shape: 'triangle', label: 'identity change' },
  spoofing: { color: '#000000', shape: 'cross', label: 'spoofing / identity clash' },
  port_visit: { color: '#2ca02c', shape: 'square', label: 'port visit' },
  dark_detection: { color: '#8c564b', shape: 'star', label: 'dark satellite detection' },
  convoy: { color: '#e377c2', shape: 'arrow', label: 'convoy' },
  destination_change: { color: '#17becf', shape: 'triangle', label: 'destination change' },
};

/** Track colours by ship category. */
export const TRACK_COLOR: Record<string, string> = { fishing: '#4f9a5a', tanker: '#c8742b', cargo: '#3b6ea8', passenger: '#8a6bb0' };
const TRACK_OTHER = '#8a8f96';

export interface MapTrack {
  category: string;
  /** lines of [lon, lat] */
  lines: [number, number][][];
}

export interface MapInput {
  /** [west, south, east, north] */
  view: Box;
  tracks: MapTrack[];
  events: readonly Event[];
  /** the area's polygons, [lon, lat] */
  areaRings: [number, number][][];
  areaLabel: string;
  width?: number;
}

class Projection {
  readonly width: number;
  readonly height: number;
  private readonly s: number;
  private readonly c: number;
  constructor(readonly view: Box, width: number) {
    const [w, s, e, n] = view;
    this.c = Math.cos((((s + n) / 2) * Math.PI) / 180);
    this.s = width / ((e - w) * this.c);
    this.width = width;
    this.height = Math.round((n - s) * this.s);
  }
  x(lon: number): number {
    return (lon - this.view[0]) * this.c * this.s;
  }
  y(lat: number): number {
    return (this.view[3] - lat) * this.s;
  }
}

/** `M x y L ...` of a line, dropping points under `minPx` from the last kept one. */
function pathOf(p: Projection, pts: readonly (readonly number[])[], close: boolean, minPx = 0.8): string {
  let d = '';
  let lx = NaN;
  let ly = NaN;
  let n = 0;
  for (let i = 0; i < pts.length; i++) {
    const x = p.x(pts[i]![0]!);
    const y = p.y(pts[i]![1]!);
    if (n > 0 && i < pts.length - 1 && Math.abs(x - lx) < minPx && Math.abs(y - ly) < minPx) continue;
    d += `${n === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    lx = x;
    ly = y;
    n++;
  }
  return n < 2 ? '' : close ? `${d}Z` : d;
}

function symbol(shape: string, x: number, y: number, r: number, color: string, filled: boolean): string {
  const f = filled ? color : '#fff';
  const a = `fill="${f}" stroke="${color}" stroke-width="1.6"`;
  const X = x.toFixed(1);
  const Y = y.toFixed(1);
  switch (shape) {
    case 'circle':
      return `<circle cx="${X}" cy="${Y}" r="${r}" ${a}/>`;
    case 'diamond':
      return `<path d="M${X} ${(y - r).toFixed(1)}l${r} ${r}l${-r} ${r}l${-r} ${-r}z" ${a}/>`;
    case 'square':
      return `<rect x="${(x - r * 0.85).toFixed(1)}" y="${(y - r * 0.85).toFixed(1)}" width="${(r * 1.7).toFixed(1)}" height="${(r * 1.7).toFixed(1)}" ${a}/>`;
    case 'triangle':
      return `<path d="M${X} ${(y - r).toFixed(1)}l${r} ${(r * 1.7).toFixed(1)}h${-2 * r}z" ${a}/>`;
    case 'cross':
      return `<path d="M${(x - r).toFixed(1)} ${(y - r).toFixed(1)}l${2 * r} ${2 * r}m0 ${-2 * r}l${-2 * r} ${2 * r}" stroke="${color}" stroke-width="2.2"/>`;
    case 'star':
      return `<path d="M${X} ${(y - r).toFixed(1)}L${(x + r * 0.3).toFixed(1)} ${(y - r * 0.3).toFixed(1)}L${(x + r).toFixed(1)} ${Y}L${(x + r * 0.3).toFixed(1)} ${(y + r * 0.3).toFixed(1)}L${X} ${(y + r).toFixed(1)}L${(x - r * 0.3).toFixed(1)} ${(y + r * 0.3).toFixed(1)}L${(x - r).toFixed(1)} ${Y}L${(x - r * 0.3).toFixed(1)} ${(y - r * 0.3).toFixed(1)}z" ${a}/>`;
    default:
      return `<path d="M${(x - r).toFixed(1)} ${(y + r * 0.7).toFixed(1)}L${X} ${(y - r).toFixed(1)}L${(x + r).toFixed(1)} ${(y + r * 0.7).toFixed(1)}L${X} ${(y + r * 0.2).toFixed(1)}z" ${a}/>`;
  }
}

/** A tick step of 1, 2 or 5 times a power of ten giving about `n` ticks over `span`. */
function niceStep(span: number, n: number): number {
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
}

let shoreLine: GeoPos[][] | undefined;
function territorialSeaLine(): GeoPos[][] {
  if (!shoreLine) {
    const g = shoreZoneLine(TERRITORIAL_SEA_12NM, 0.02).geometry;
    shoreLine = g.type === 'MultiLineString' ? g.coordinates : [];
  }
  return shoreLine;
}

/** The map as one inline SVG element (role img, with a title). */
export function mapSvg(m: MapInput): string {
  const p = new Projection(m.view, m.width ?? 1000);
  const [w, s, e, n] = m.view;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" id="report-map" role="img" aria-labelledby="map-title" viewBox="0 0 ${p.width} ${p.height}" width="100%" style="max-width:${p.width}px">`);
  parts.push(`<title id="map-title">Map of ${esc(m.areaLabel)}: land, tracks and events</title>`);
  parts.push(`<defs><clipPath id="view"><rect width="${p.width}" height="${p.height}"/></clipPath></defs>`);
  parts.push(`<rect width="${p.width}" height="${p.height}" fill="#dfe9f2"/>`);
  // land, clipped a little beyond the view so no clip edge shows
  const pad = 0.02 * Math.max(e - w, n - s);
  const { fill } = clipLand(landFeatures(), [w - pad, s - pad, e + pad, n + pad]);
  let land = '';
  for (const f of fill.features) {
    const g = f.geometry as Polygon | MultiPolygon;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const poly of polys) for (const ring of poly) land += pathOf(p, ring, true);
  }
  parts.push(`<g clip-path="url(#view)"><path d="${land}" fill="#f3efe6" stroke="#9a9486" stroke-width="0.6" fill-rule="evenodd"/>`);
  // graticule
  const step = niceStep(Math.max(e - w, n - s), 5);
  let grat = '';
  const labels: string[] = [];
  for (let lon = Math.ceil(w / step) * step; lon <= e; lon += step) {
    grat += `M${p.x(lon).toFixed(1)} 0V${p.height}`;
    labels.push(`<text x="${(p.x(lon) + 3).toFixed(1)}" y="${p.height - 4}" class="tick">${lon.toFixed(step < 1 ? 2 : 0)}°${lon >= 0 ? 'E' : 'W'}</text>`);
  }
  for (let lat = Math.ceil(s / step) * step; lat <= n; lat += step) {
    grat += `M0 ${p.y(lat).toFixed(1)}H${p.width}`;
    labels.push(`<text x="3" y="${(p.y(lat) - 3).toFixed(1)}" class="tick">${lat.toFixed(step < 1 ? 2 : 0)}°${lat >= 0 ? 'N' : 'S'}</text>`);
  }
  parts.push(`<path d="${grat}" stroke="#b8c4cf" stroke-width="0.5" fill="none"/>`);
  // the 12 nm line, where the bundled one is defined
  const tb = TERRITORIAL_SEA_12NM.bbox;
  if (!(tb[2] < w || tb[0] > e || tb[3] < s || tb[1] > n)) {
    const d = territorialSeaLine().map((l) => pathOf(p, l, false)).join('');
    parts.push(`<path d="${d}" stroke="#5b7fa3" stroke-width="1" stroke-dasharray="5 3" fill="none"><title>12 nm from the coast (territorial sea, approximate)</title></path>`);
  }
  // the area
  if (m.areaRings.length) {
    parts.push(`<path d="${m.areaRings.map((r) => pathOf(p, r, true, 0.3)).join('')}" fill="#ffd54a" fill-opacity="0.18" stroke="#b8860b" stroke-width="1.6" stroke-dasharray="7 3"><title>${esc(m.areaLabel)}</title></path>`);
  }
  // tracks, one path per ship category
  const byColor = new Map<string, string>();
  for (const t of m.tracks) {
    const c = TRACK_COLOR[t.category] ?? TRACK_OTHER;
    byColor.set(c, (byColor.get(c) ?? '') + t.lines.map((l) => pathOf(p, l, false, 1.5)).join(''));
  }
  for (const [c, d] of byColor) parts.push(`<path class="tracks" d="${d}" stroke="${c}" stroke-width="0.8" stroke-opacity="0.75" fill="none" stroke-linejoin="round"/>`);
  // events, the rarer types on top
  const drawn = m.events.filter((ev) => ev.lat !== null && ev.lon !== null && EVENT_STYLE[ev.type] !== undefined);
  const freq = new Map<string, number>();
  for (const ev of drawn) freq.set(ev.type, (freq.get(ev.type) ?? 0) + 1);
  drawn.sort((a, b) => freq.get(b.type)! - freq.get(a.type)!);
  for (const ev of drawn) {
    const st = EVENT_STYLE[ev.type]!;
    const filled = ev.type !== 'gap' || ev.flags.includes('likely_disabling');
    parts.push(`<g class="event" data-type="${ev.type}"><title>${esc(`${ev.type} ${ev.start} .. ${ev.end}, MMSI ${ev.mmsi.join(', ')}${ev.flags.length ? `; ${ev.flags.join(', ')}` : ''}`)}</title>${symbol(st.shape, p.x(ev.lon!), p.y(ev.lat!), 5, st.color, filled)}</g>`);
  }
  parts.push('</g>');
  parts.push(labels.join(''));
  // scale bar: a round number of km near a fifth of the width
  const midLat = (s + n) / 2;
  const kmPerPx = haversineM(midLat, w, midLat, e) / 1000 / p.width;
  const raw = kmPerPx * p.width * 0.2;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const km = [5, 2, 1].map((k) => k * mag).find((x) => x <= raw) ?? mag;
  const px = km / kmPerPx;
  parts.push(`<g transform="translate(${p.width - px - 20},${p.height - 22})"><rect x="-6" y="-14" width="${(px + 12).toFixed(0)}" height="26" fill="#fff" fill-opacity="0.8"/><path d="M0 0h${px.toFixed(1)}" stroke="#333" stroke-width="3"/><text x="${(px / 2).toFixed(1)}" y="-4" text-anchor="middle" class="tick">${km} km</text></g>`);
  parts.push('</svg>');
  return parts.join('');
}

/** The legend of the map, as HTML (what the map drew). */
export function mapLegend(events: readonly Event[], categories: readonly string[]): string {
  const types = [...new Set(events.filter((e) => e.lat !== null && EVENT_STYLE[e.type]).map((e) => e.type))];
  const items = types.map((t) => {
    const st = EVENT_STYLE[t]!;
    return `<span class="lg"><svg width="14" height="14" viewBox="0 0 14 14">${symbol(st.shape, 7, 7, 5, st.color, true)}</svg>${esc(st.label)}</span>`;
  });
  for (const c of categories) items.push(`<span class="lg"><svg width="18" height="6"><path d="M0 3h18" stroke="${TRACK_COLOR[c] ?? TRACK_OTHER}" stroke-width="2"/></svg>${esc(c)} track</span>`);
  items.push(`<span class="lg"><svg width="18" height="6"><path d="M0 3h18" stroke="#5b7fa3" stroke-dasharray="5 3"/></svg>12 nm line</span>`);
  return `<div class="legend">${items.join('')}</div>`;
}

export interface Bar {
  label: string;
  /** stacked segments: name and value */
  parts: { name: string; value: number }[];
}

/** Horizontal (one row per label) or vertical (one column per label) stacked bars, with a colour per segment name. */
export function barChart(id: string, title: string, bars: readonly Bar[], colors: Record<string, string>, o: { vertical?: boolean; width?: number } = {}): string {
  const width = o.width ?? 640;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((a, x) => a + x.value, 0)));
  const out: string[] = [];
  if (!o.vertical) {
    const rowH = 22;
    const left = 150;
    const h = bars.length * rowH + 10;
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="chart" role="img" viewBox="0 0 ${width} ${h}" width="100%" style="max-width:${width}px"><title>${esc(title)}</title>`);
    bars.forEach((b, i) => {
      const y = 5 + i * rowH;
      let x = left;
      out.push(`<text x="${left - 6}" y="${y + 15}" text-anchor="end" class="lab">${esc(b.label)}</text>`);
      for (const part of b.parts) {
        const wpx = ((width - left - 60) * part.value) / max;
        out.push(`<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(wpx, 0.5).toFixed(1)}" height="${rowH - 6}" fill="${colors[part.name] ?? '#888'}"><title>${esc(`${b.label} ${part.name}: ${part.value}`)}</title></rect>`);
        x += wpx;
      }
      out.push(`<text x="${(x + 5).toFixed(1)}" y="${y + 15}" class="lab">${b.parts.reduce((a, p) => a + p.value, 0)}</text>`);
    });
  } else {
    const h = 220;
    const bottom = 40;
    const colW = Math.min(60, (width - 50) / Math.max(1, bars.length));
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="chart" role="img" viewBox="0 0 ${width} ${h}" width="100%" style="max-width:${width}px"><title>${esc(title)}</title>`);
    out.push(`<path d="M40 ${h - bottom}H${width}" stroke="#999"/>`);
    out.push(`<text x="36" y="${h - bottom}" text-anchor="end" class="lab">0</text><text x="36" y="14" text-anchor="end" class="lab">${max}</text>`);
    bars.forEach((b, i) => {
      const x = 45 + i * colW;
      let y = h - bottom;
      for (const part of b.parts) {
        const hp = ((h - bottom - 10) * part.value) / max;
        y -= hp;
        out.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(colW * 0.8).toFixed(1)}" height="${hp.toFixed(1)}" fill="${colors[part.name] ?? '#888'}"><title>${esc(`${b.label} ${part.name}: ${part.value}`)}</title></rect>`);
      }
      const total = b.parts.reduce((a, p) => a + p.value, 0);
      out.push(`<text x="${(x + colW * 0.4).toFixed(1)}" y="${(y - 3).toFixed(1)}" text-anchor="middle" class="lab">${total}</text>`);
      out.push(`<text x="${(x + colW * 0.4).toFixed(1)}" y="${h - bottom + 14}" text-anchor="middle" class="lab">${esc(b.label.slice(5))}</text>`);
    });
  }
  out.push('</svg>');
  return out.join('');
}

/** A legend of coloured swatches, as HTML. */
export function swatches(colors: Record<string, string>, names: readonly string[]): string {
  return `<div class="legend">${names.map((n) => `<span class="lg"><svg width="12" height="12"><rect width="12" height="12" fill="${colors[n] ?? '#888'}"/></svg>${esc(n)}</span>`).join('')}</div>`;
}
