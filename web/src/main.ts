/**
 * The darkfleet map: wires the basemap, tracks, events, geography, time slider, dossier and
 * the shareable view (URL hash) together. Everything it loads comes from the server that
 * served it; nothing leaves the machine.
 */
import * as maplibregl from 'maplibre-gl';
import type { Map as MlMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import './style.css';
import { getJson, takeToken, type Stats, type TrackCollection, type VesselMatch } from './api';
import type { Event as ApiEvent } from '../../src/events.js';
import { addDetail, baseStyle, loadWorld } from './basemap';
import { EVENT_COLORS, OTHER } from './colors';
import { DossierPanel } from './dossier';
import { EVENT_TYPES, EventList } from './events';
import { followAlerts } from './alerts';
import { addGeography } from './geography';
import { h } from './dom';
import { TrackLayer } from './tracks';
import { formatView, parseView, type View } from './view';

/** West Korea Bay off Nampo: the first view when the link names none and the store is there. */
const NAMPO: { center: [number, number]; zoom: number } = { center: [124.95, 38.62], zoom: 8.6 };
/** Longest range the map loads tracks for at once (the API's bound is 7 days). */
const MAX_TRACK_MS = 7 * 86_400_000;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = (s: string): void => void ($('status').textContent = s);

interface Perf {
  scriptMs?: number;
  mapCreatedMs?: number;
  landMs?: number;
  navigationToLoadMs?: number;
  navigationToIdleMs?: number;
}
declare global {
  interface Window {
    darkfleet: { map?: MlMap; perf: Perf; ready: boolean; view?: View };
  }
}
window.darkfleet = { perf: { scriptMs: performance.now() }, ready: false };

maplibregl.setWorkerUrl(workerUrl);

const view: View = parseView(takeToken(location.hash));
let writing = false;
function writeView(): void {
  const s = `#${formatView(view)}`;
  if (s !== location.hash) {
    writing = true;
    history.replaceState(null, '', s === '#' ? location.pathname : s);
    writing = false;
  }
}

async function start(): Promise<void> {
  status('loading land…');
  const statsP = getJson<Stats>('/api/stats');
  const world = await loadWorld();
  window.darkfleet.perf.landMs = performance.now();;

  const map = new maplibregl.Map({
    container: 'map',
    style: baseStyle(world),
    center: view.center ?? NAMPO.center,
    zoom: view.zoom ?? NAMPO.zoom,
    attributionControl: { compact: true, customAttribution: 'Land: Natural Earth (public domain) via world-atlas' },
    // lets the browser test (and a user's "save image") read the drawn pixels
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    fadeDuration: 0,
    maxZoom: 16,
  });
  window.darkfleet.map = map;
  window.darkfleet.perf.mapCreatedMs = performance.now();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'nautical' }), 'bottom-right');
  map.once('load', () => (window.darkfleet.perf.navigationToLoadMs = performance.now()));
  map.once('idle', () => (window.darkfleet.perf.navigationToIdleMs = performance.now()));
  await map.once('load');
  const stats = await statsP;
  $('store-info').textContent = `${stats.vessels.toLocaleString()} vessels · ${stats.positions.toLocaleString()} positions · ${Object.values(stats.events).reduce((a, b) => a + b, 0).toLocaleString()} events${stats.timeRange ? ` · ${stats.timeRange.from.slice(0, 10)} – ${stats.timeRange.to.slice(0, 10)}` : ''}`;
  const detail = addDetail(map, view.center ?? NAMPO.center, 'world-coast').catch((err: unknown) => status(`land: ${err instanceof Error ? err.message : String(err)}`));
  const tracks = new TrackLayer(map);
  const dossier = new DossierPanel({ onEvent: (e) => selectEvent(e, true), onVessel: (m) => selectVessel(m) });
  const events = new EventList(map, (e) => selectEvent(e, true));
  void addGeography(map, 'tracks').catch((err: unknown) => status(`geography: ${err instanceof Error ? err.message : String(err)}`));

  // --- time: the slider spans the loaded tracks' range
  let range = { from: 0, to: 1 };
  const slider = $('time') as HTMLInputElement;
  const timeLabel = $('time-label');
  const setTime = (t: number, write = true): void => {
    view.time = Math.min(range.to, Math.max(range.from, t));
    slider.value = String(Math.round(((view.time - range.from) / Math.max(1, range.to - range.from)) * 1000));
    timeLabel.textContent = `${new Date(view.time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    tracks.showTime(view.time);
    if (write) writeView();
  };
  slider.addEventListener('input', () => setTime(range.from + (Number(slider.value) / 1000) * (range.to - range.from)));

  let playing: number | null = null;
  const play = $('play');
  const stop = (): void => {
    if (playing !== null) cancelAnimationFrame(playing);
    playing = null;
    play.textContent = '▶';
    writeView();
  };
  play.addEventListener('click', () => {
    if (playing !== null) return stop();
    if ((view.time ?? range.to) >= range.to) setTime(range.from, false);
    play.textContent = '❚❚';
    let last = performance.now();
    const step = (now: number): void => {
      const speed = Number(($('speed') as HTMLSelectElement).value) * 1000; // data ms per second
      const t = (view.time ?? range.from) + ((now - last) / 1000) * speed;
      last = now;
      setTime(t, false);
      if (t >= range.to) return stop();
      playing = requestAnimationFrame(step);
    };
    playing = requestAnimationFrame(step);
  });

  // --- colouring and legend
  const legend = $('legend');
  const colorBy = $('color-by') as HTMLSelectElement;
  const applyColors = (): void => {
    const table = tracks.colorBy(view.colorBy);
    const entries = Object.entries(table).filter(([k]) => view.colorBy === 'flag' || ['tanker', 'cargo', 'fishing', 'passenger', 'tug', 'unknown'].includes(k));
    legend.replaceChildren(
      h('span', { class: 'muted' }, view.colorBy === 'flag' ? 'flag:' : 'type:'),
      ...entries.map(([k, c]) => h('span', { class: 'key' }, h('i', { style: `background:${c}` }), k)),
      h('span', { class: 'key' }, h('i', { style: `background:${OTHER}` }), 'other'),
      h('span', { class: 'key' }, h('i', { class: 'dash' }), '12 nm'),
    );
  };
  colorBy.value = view.colorBy;
  colorBy.addEventListener('change', () => {
    view.colorBy = colorBy.value === 'flag' ? 'flag' : 'category';
    applyColors();
    writeView();
  });

  // --- filters
  const typeBox = $('type-filters');
  for (const t of EVENT_TYPES) {
    const cb = h('input', { type: 'checkbox', value: t, ...(view.types.includes(t) ? { checked: true } : {}) });
    cb.addEventListener('change', () => {
      view.types = [...typeBox.querySelectorAll<HTMLInputElement>('input:checked')].map((x) => x.value);
      writeView();
      void events.load(view);
    });
    typeBox.append(h('label', { class: 'type', title: t }, cb, h('span', { class: 'dot', style: `background:${EVENT_COLORS[t]}` }), t.replace(/_/g, ' ')));
  }
  const toLocal = (t: number | null): string => (t === null ? '' : new Date(t).toISOString().slice(0, 16));
  const fromLocal = (s: string): number | null => (s ? Date.parse(`${s}:00Z`) : null);
  const fFrom = $('f-from') as HTMLInputElement, fTo = $('f-to') as HTMLInputElement, fConf = $('f-conf') as HTMLInputElement;
  fFrom.value = toLocal(view.from);
  fTo.value = toLocal(view.to);
  fConf.value = String(view.minConfidence);
  $('f-conf-out').textContent = view.minConfidence.toFixed(2);
  const onFilter = (): void => {
    view.from = fromLocal(fFrom.value);
    view.to = fromLocal(fTo.value);
    view.minConfidence = Number(fConf.value);
    $('f-conf-out').textContent = view.minConfidence.toFixed(2);
    writeView();
    void events.load(view);
  };
  for (const el of [fFrom, fTo]) el.addEventListener('change', onFilter);
  fConf.addEventListener('input', onFilter);

  // --- selection
  function selectEvent(e: ApiEvent, pan: boolean): void {
    view.event = e.id;
    view.vessel = e.mmsi[0] ?? null;
    events.highlight(e.id);
    tracks.select(e.mmsi);
    if (pan && e.lat !== null && e.lon !== null) map.easeTo({ center: [e.lon, e.lat], zoom: Math.max(map.getZoom(), 9), duration: 600 });
    setTime(Math.min(range.to, Date.parse(e.end)));
    if (view.vessel !== null) void dossier.open(view.vessel, e);
    writeView();
  }
  function selectVessel(mmsi: number): void {
    view.vessel = mmsi;
    view.event = null;
    events.highlight(null);
    tracks.select([mmsi]);
    void dossier.open(mmsi, null);
    writeView();
  }
  dossier.onClose = () => {
    view.vessel = null;
    view.event = null;
    events.highlight(null);
    tracks.select([]);
    writeView();
  };
  for (const layer of ['heads', 'trails']) {
    map.on('click', layer, (ev: maplibregl.MapLayerMouseEvent) => {
      if (map.queryRenderedFeatures(ev.point, { layers: ['events'] }).length) return;
      const m = ev.features?.[0]?.properties?.mmsi as number | undefined;
      if (m) selectVessel(m);
    });
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
  map.on('moveend', () => {
    const c = map.getCenter();
    view.center = [c.lng, c.lat];
    view.zoom = map.getZoom();
    writeView();
  });

  // --- search
  const results = $('search-results');
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = ($('search') as HTMLInputElement).value.trim();
    if (q.length < 2) return;
    void getJson<{ vessels: VesselMatch[] }>(`/api/vessels?q=${encodeURIComponent(q)}`).then(
      (r) => {
        results.hidden = false;
        results.replaceChildren(
          ...(r.vessels.length ? r.vessels.map((v) => h('div', { class: 'result', onclick: () => ((results.hidden = true), selectVessel(v.mmsi)) }, h('b', {}, v.name ?? '—'), ` ${v.mmsi}`, v.flag ? ` · ${v.flag}` : '', v.imo ? ` · IMO ${v.imo}` : '')) : [h('div', { class: 'muted' }, 'no vessel matches')]),
        );
      },
      (err: unknown) => status(`search: ${err instanceof Error ? err.message : String(err)}`),
    );
  });
  document.addEventListener('click', (ev) => {
    if (!results.contains(ev.target as Node)) results.hidden = true;
  });

  // --- data
  if (stats.timeRange) {
    const to = Date.parse(stats.timeRange.to);
    const from = Math.max(Date.parse(stats.timeRange.from), to - MAX_TRACK_MS);
    status('loading tracks…');
    const q = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), zoom: '11' });
    const data = await getJson<TrackCollection>(`/api/tracks?${q}`);
    tracks.set(data);
    range = tracks.range ?? { from, to };
    status(`${tracks.count.toLocaleString()} vessels${data.darkfleet.vesselLimitReached ? ' (vessel limit reached)' : ''} · tracks ${data.darkfleet.from.slice(0, 16)} – ${data.darkfleet.to.slice(0, 16)}`);
  } else status('this store holds no positions');
  applyColors();
  setTime(view.time ?? range.to, false);
  await events.load(view);
  if (view.event) {
    const e = events.events.find((x) => x.id === view.event) ?? (await getJson<ApiEvent>(`/api/events/${encodeURIComponent(view.event)}`).catch(() => null));
    if (e) selectEvent(e, !view.center);
  } else if (view.vessel !== null) selectVessel(view.vessel);
  window.addEventListener('hashchange', () => {
    if (!writing) location.reload();
  });
  await detail;
  window.darkfleet.view = view;
  window.darkfleet.ready = true;
  // live alerts when the server runs the detectors (darkfleet watch --serve)
  void followAlerts({ alert: (e) => events.addLive(e, view), status: (s) => void ($('live-status').textContent = s) });
}

start().catch((err: unknown) => {
  status(`error: ${err instanceof Error ? err.message : String(err)}`);
  console.error(err);
});

