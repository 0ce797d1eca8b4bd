/**
 * The vessel dossier panel: identity over time (names, flags, call signs, IMO), other MMSIs of
 * the same hull, the risk score with the evidence behind every point, sanctions hits with their
 * ownership path, the vessel's events; and for a selected event its rule, evidence and the raw
 * input lines behind it (GET /api/events/:id/raw; a 404 says the lines are unavailable).
 */
import { ApiError, getJson, type Dossier } from './api';
import type { EventEvidence as RawLines } from '../../src/query/evidence.js';
import type { Event as ApiEvent } from '../../src/events.js';
import { EVENT_COLORS } from './colors';
import { fmtSpan, fmtTime, h, hours } from './dom';

export interface DossierHandlers {
  onEvent(e: ApiEvent): void;
  onVessel(mmsi: number): void;
}

const typeBadge = (type: string): HTMLElement => h('span', { class: 'badge', style: `background:${EVENT_COLORS[type] ?? '#888'}` }, type.replace(/_/g, ' '));

function identityTable(d: Dossier): HTMLElement {
  if (d.identities.length === 0) return h('p', { class: 'muted' }, 'no static reports');
  return h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, ['from', 'to', 'name', 'flag', 'call sign', 'IMO', 'type'].map((x) => h('th', {}, x)))),
    h(
      'tbody',
      {},
      d.identities.map((p) => h('tr', {}, h('td', {}, fmtTime(p.from)), h('td', {}, fmtTime(p.to)), h('td', { class: 'name' }, p.name ?? '—'), h('td', {}, p.flag ?? '—'), h('td', {}, p.callsign ?? '—'), h('td', {}, p.imo ?? '—'), h('td', {}, p.shipType ?? '—'))),
    ),
  );
}

function riskSection(d: Dossier): HTMLElement {
  const s = d.risk.score;
  const level = s >= 60 ? 'high' : s >= 30 ? 'medium' : 'low';
  return h(
    'section',
    { id: 'risk' },
    h('h3', {}, 'Risk ', h('span', { class: `score ${level}` }, String(s)), h('span', { class: 'muted' }, ' / 100', d.risk.period ? ` over ${fmtSpan(d.risk.period.from, d.risk.period.to)}` : '')),
    d.risk.components.length === 0
      ? h('p', { class: 'muted' }, 'no points: nothing in the store counts against it')
      : h('ul', { class: 'risk' }, d.risk.components.map((c) => h('li', {}, h('b', {}, `+${c.points}`), ' ', h('span', { class: 'muted' }, c.category), ' ', c.reason, c.evidence ? h('div', { class: 'evidence' }, compact(c.evidence)) : null))),
  );
}

function hitsSection(d: Dossier): HTMLElement | null {
  if (d.screeningHits.length === 0) return h('section', {}, h('h3', {}, 'Sanctions'), h('p', { class: 'muted' }, 'no screening hits'));
  return h(
    'section',
    { id: 'hits' },
    h('h3', {}, `Sanctions hits (${d.screeningHits.length})`),
    d.screeningHits.map((hit) =>
      h(
        'div',
        { class: 'hit' },
        h('div', {}, h('b', {}, hit.entity.name), ' ', h('span', { class: 'muted' }, `${hit.entity.schema} · ${hit.entity.source} · ${hit.entity.id} · score ${hit.score.toFixed(2)}`)),
        hit.path.length > 1
          ? h('ol', { class: 'path' }, hit.path.map((p) => h('li', { class: p.sanctioned ? 'sanctioned' : '' }, p.relation ? h('span', { class: 'muted' }, `${p.relation} → `) : null, p.name, h('span', { class: 'muted' }, ` (${p.schema})`), p.sanctioned ? h('span', { class: 'flag-s' }, ' sanctioned') : null)))
          : null,
        h('div', { class: 'muted' }, hit.reasons.join('; ')),
      ),
    ),
  );
}

function compact(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(3)) : Array.isArray(v) && v.length > 6 ? `[${v.length} items]` : JSON.stringify(v)}`)
    .join(' · ');
}

export class DossierPanel {
  private readonly panel = document.getElementById('dossier')!;
  private readonly body = document.getElementById('dossier-body')!;
  private seq = 0;

  constructor(private readonly handlers: DossierHandlers) {
    document.getElementById('dossier-close')!.addEventListener('click', () => this.close());
  }

  onClose: () => void = () => {};

  close(): void {
    this.panel.hidden = true;
    this.onClose();
  }

  /** Opens the dossier of `mmsi`, with `event` (one of its events) expanded with its raw lines. */
  async open(mmsi: number, event: ApiEvent | null): Promise<void> {
    const seq = ++this.seq;
    this.panel.hidden = false;
    this.body.replaceChildren(h('p', { class: 'muted' }, `loading ${mmsi}…`));
    let d: Dossier;
    try {
      d = await getJson<Dossier>(`/api/vessels/${mmsi}`);
    } catch (err) {
      if (seq === this.seq) this.body.replaceChildren(h('p', { class: 'error' }, `vessel ${mmsi}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    if (seq !== this.seq) return;
    const latest = d.identities[d.identities.length - 1];
    const names = [...new Set(d.identities.map((p) => p.name).filter((n): n is string => !!n))];
    const flags = [...new Set(d.identities.map((p) => p.flag).filter((n): n is string => !!n))];
    const parts: (HTMLElement | null)[] = [
      h(
        'header',
        { class: 'dossier-head' },
        h('h2', {}, latest?.name ?? `MMSI ${mmsi}`),
        h('div', { class: 'muted' }, `MMSI ${mmsi}`, latest?.imo ? ` · IMO ${latest.imo}` : '', latest?.callsign ? ` · ${latest.callsign}` : '', flags.length ? ` · flag ${flags.join(' → ')}` : ''),
        names.length > 1 ? h('div', { class: 'warn' }, `names: ${names.join(' → ')}`) : null,
        h('div', { class: 'muted' }, `${d.seen.positions} positions, ${d.seen.statics} static reports, ${fmtTime(d.seen.firstSeen)} – ${fmtTime(d.seen.lastSeen)}`),
        d.sameImo.length ? h('div', { class: 'warn' }, 'same IMO also reported by ', d.sameImo.map((m, i) => [i ? ', ' : '', h('a', { href: '#', onclick: (e: Event) => (e.preventDefault(), this.handlers.onVessel(m)) }, String(m))])) : null,
      ),
    ];
    if (event) parts.push(this.eventSection(event));
    parts.push(riskSection(d), hitsSection(d));
    parts.push(h('section', {}, h('h3', {}, `Identity over time (${d.identities.length})`), identityTable(d)));
    parts.push(
      h(
        'section',
        {},
        h('h3', {}, `Events (${d.eventsTotal}${d.eventsTotal > d.events.length ? `, first ${d.events.length}` : ''})`),
        h('ol', { class: 'mini-events' }, d.events.map((e) => h('li', { class: e.id === event?.id ? 'current' : '', onclick: () => this.handlers.onEvent(e) }, typeBadge(e.type), ' ', fmtSpan(e.start, e.end), e.flags.length ? h('span', { class: 'muted' }, ` ${e.flags.join(', ')}`) : null))),
      ),
    );
    this.body.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    this.body.scrollTop = 0;
  }

  private eventSection(e: ApiEvent): HTMLElement {
    const raw = h('div', { id: 'raw-lines' }, h('p', { class: 'muted' }, 'loading raw lines…'));
    void this.loadRaw(e.id, raw);
    return h(
      'section',
      { id: 'event-detail', 'data-event-id': e.id },
      h('h3', {}, typeBadge(e.type), ' ', fmtSpan(e.start, e.end), h('span', { class: 'muted' }, ` (${hours(e.start, e.end)})`)),
      h('div', {}, `confidence ${e.confidence.toFixed(2)}`, e.flags.length ? ` · ${e.flags.join(', ')}` : '', e.lat !== null && e.lon !== null ? ` · ${e.lat.toFixed(4)}, ${e.lon.toFixed(4)}` : ''),
      e.mmsi.length > 1 ? h('div', {}, 'vessels ', e.mmsi.map((m, i) => [i ? ' + ' : '', h('a', { href: '#', onclick: (ev: Event) => (ev.preventDefault(), this.handlers.onVessel(m)) }, String(m))])) : null,
      h('div', { class: 'muted' }, `rule ${e.rule.name}${e.rule.profile ? ` (${e.rule.profile})` : ''}: ${compact(e.rule.params)}`),
      h('div', { class: 'evidence' }, compact(e.evidence)),
      h('h4', {}, 'Raw lines'),
      raw,
    );
  }

  private async loadRaw(id: string, into: HTMLElement): Promise<void> {
    let raw: RawLines;
    try {
      raw = await getJson<RawLines>(`/api/events/${encodeURIComponent(id)}/raw`);
    } catch (err) {
      const msg = err instanceof ApiError && err.status === 404 ? 'raw lines unavailable' : `raw lines: ${err instanceof Error ? err.message : String(err)}`;
      into.replaceChildren(h('p', { class: 'muted unavailable' }, msg));
      return;
    }
    if (raw.records.length === 0) {
      into.replaceChildren(h('p', { class: 'muted' }, 'no input lines recorded for this event'));
      return;
    }
    // each record's line gets a row of its own across the table, in a monospace cell that
    // scrolls sideways: an NMEA sentence cut and wrapped in a narrow column reads as noise
    into.replaceChildren(
      h(
        'table',
        { class: 'grid raw' },
        h('thead', {}, h('tr', {}, ['time', 'MMSI', 'kind', 'file:line'].map((x) => h('th', {}, x)))),
        h(
          'tbody',
          {},
          raw.records.map((r) => [
            h(
              'tr',
              { class: 'meta' },
              h('td', {}, fmtTime(r.t)),
              h('td', {}, r.mmsi),
              h('td', {}, r.kind),
              h('td', { class: 'src', title: r.source.key }, `${(r.source.path ?? r.source.key).split('/').pop()}${r.lineNo !== null ? `:${r.lineNo}` : ''}`),
            ),
            h('tr', {}, h('td', { class: 'line', colspan: 4 }, r.text !== null ? h('code', { tabindex: 0 }, r.text) : h('span', { class: 'warn' }, r.problem ?? 'not recorded'))),
          ]),
        ),
      ),
    );
  }
}
