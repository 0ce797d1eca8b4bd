/**
 * The event list with its filters (type, time range, minimum confidence), read from
 * GET /api/events; each event is also a marker on the map, coloured by type. A click on a row
 * or a marker selects the event (the caller pans the map and opens the dossier).
 */
import type { Map as MlMap, GeoJSONSource, ExpressionSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { getJson } from './api';
import type { Event as ApiEvent } from '../../src/events.js';
import { EVENT_COLORS } from './colors';
import { fmtSpan, h, hours } from './dom';
import type { View } from './view';

/** One page is the list: the API's largest page. */
const LIST_LIMIT = 1000;

export const EVENT_TYPES = Object.keys(EVENT_COLORS);

export class EventList {
  events: ApiEvent[] = [];
  private readonly list = document.getElementById('event-list')!;
  private readonly count = document.getElementById('event-count')!;
  private controller: AbortController | null = null;

  constructor(
    private readonly map: MlMap,
    private readonly onSelect: (e: ApiEvent) => void,
  ) {
    map.addSource('events', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const color = ['match', ['get', 'type'], ...Object.entries(EVENT_COLORS).flat(), '#ffffff'] as unknown as ExpressionSpecification;
    map.addLayer({ id: 'events-halo', type: 'circle', source: 'events', filter: ['==', ['get', 'id'], ''], paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 } });
    map.addLayer({ id: 'events', type: 'circle', source: 'events', paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 4, 11, 7], 'circle-color': color, 'circle-stroke-color': '#0b1723', 'circle-stroke-width': 1.5, 'circle-opacity': 0.95 } });
    map.on('click', 'events', (ev) => {
      const id = ev.features?.[0]?.properties?.id as string | undefined;
      const e = this.events.find((x) => x.id === id);
      if (e) this.onSelect(e);
    });
    map.on('mouseenter', 'events', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'events', () => (map.getCanvas().style.cursor = ''));
  }

  async load(v: View): Promise<void> {
    this.controller?.abort();
    const ctl = (this.controller = new AbortController());
    const q = new URLSearchParams({ limit: String(LIST_LIMIT) });
    if (v.types.length === 0) {
      this.render([], false);
      return;
    }
    if (v.types.length < EVENT_TYPES.length) q.set('type', v.types.join(','));
    if (v.from !== null) q.set('from', new Date(v.from).toISOString());
    if (v.to !== null) q.set('to', new Date(v.to).toISOString());
    if (v.minConfidence > 0) q.set('minConfidence', String(v.minConfidence));
    try {
      const page = await getJson<{ events: ApiEvent[]; next: string | null }>(`/api/events?${q}`, ctl.signal);
      this.render(page.events, page.next !== null);
    } catch (err) {
      if (ctl.signal.aborted) return;
      this.count.textContent = `events: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /**
   * A live alert (src/live: the event as its detector emitted it): first in the list, marked
   * live, when the view's type filter lets it through; an event already listed is replaced.
   */
  addLive(e: ApiEvent, v: View): void {
    this.live.add(e.id);
    if (!v.types.includes(e.type) || (v.minConfidence > 0 && e.confidence < v.minConfidence)) return;
    this.render([e, ...this.events.filter((x) => x.id !== e.id)], this.more);
  }

  private readonly live = new Set<string>();
  private more = false;

  private render(events: ApiEvent[], more: boolean): void {
    this.events = events;
    this.more = more;
    this.count.textContent = `${events.length}${more ? '+' : ''} events${more ? ` (the first ${LIST_LIMIT}: narrow the filters)` : ''}`;
    this.list.replaceChildren(
      ...events.map((e) =>
        h(
          'li',
          { 'data-id': e.id, 'data-type': e.type, ...(this.live.has(e.id) ? { class: 'live', title: 'live alert' } : {}), tabindex: 0, onclick: () => this.onSelect(e), onkeydown: (ev: Event) => (ev as KeyboardEvent).key === 'Enter' && this.onSelect(e) },
          h('span', { class: 'dot', style: `background:${EVENT_COLORS[e.type] ?? '#fff'}` }),
          h('div', { class: 'ev-main' }, h('b', {}, e.type.replace(/_/g, ' ')), ' ', h('span', { class: 'muted' }, `${hours(e.start, e.end)} · conf ${e.confidence.toFixed(2)}`), h('div', { class: 'ev-sub' }, fmtSpan(e.start, e.end), ' · ', e.mmsi.join(' + ')), e.flags.length ? h('div', { class: 'ev-flags' }, e.flags.join(', ')) : null),
        ),
      ),
    );
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: events.filter((e) => e.lat !== null && e.lon !== null).map((e) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [e.lon!, e.lat!] }, properties: { id: e.id, type: e.type } })),
    };
    (this.map.getSource('events') as GeoJSONSource).setData(fc);
  }

  highlight(id: string | null): void {
    this.map.setFilter('events-halo', ['==', ['get', 'id'], id ?? '']);
    for (const li of this.list.querySelectorAll('li')) li.classList.toggle('selected', li.getAttribute('data-id') === id);
    const cur = id ? this.list.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`) : null;
    cur?.scrollIntoView({ block: 'nearest' });
  }
}
