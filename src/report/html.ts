/**
 * The report as ONE self-contained HTML file: inline CSS and SVG, no script, no font, no image
 * file, no tile; a Content-Security-Policy of `default-src 'none'` makes any request a browser
 * might be tempted into fail. Sections: key figures, map, presence (flags, ship types, by day),
 * events by type, top risk vessels with their reasons, encounters, convoys, identity changes,
 * port calls, fishing effort, and the methods (rules and parameters, inputs with their hashes,
 * and how far each event type can be trusted: the bundled evaluation).
 */
import type { Event } from '../events.js';
import { eventHours } from '../events.js';
import type { ReportData } from './data.js';
import { MAX_ROWS, TRACK_THIN_MS } from './data.js';
import { barChart, esc, EVENT_STYLE, mapLegend, mapSvg, swatches, TRACK_COLOR } from './svg.js';
import type { Evaluation } from './evaluation.js';
import { countryOf } from '../analytics/presence.js';
import { flagOfMmsi } from '../ref/mmsi.js';

const FLAG_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1'];
const OTHER = '#bab0ac';
const n = (x: number): string => x.toLocaleString('en-US');
const t = (iso: string): string => iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1Z');
const pos = (e: Event): string => (e.lat === null || e.lon === null ? '-' : `${Math.abs(e.lat).toFixed(3)}°${e.lat >= 0 ? 'N' : 'S'} ${Math.abs(e.lon).toFixed(3)}°${e.lon >= 0 ? 'E' : 'W'}`);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function table(cls: string, head: string[], rows: string[][], rowAttrs: string[] = []): string {
  if (!rows.length) return `<p class="none">None in this area and period.</p>`;
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r, i) => `<tr${rowAttrs[i] ?? ''}>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function vessel(d: ReportData, mmsi: number): string {
  const name = d.names.get(mmsi);
  return `${name ? `<b>${esc(name)}</b> ` : ''}<span class="mm">${mmsi}</span>${flagTag(mmsi)}`;
}

function flagTag(mmsi: number): string {
  return ` <span class="fl" title="flag from the MMSI's MID">${esc(flagOfMmsi(mmsi) ?? '??')}</span>`;
}

function figures(d: ReportData): string {
  const p = d.presence;
  const cards: [string, string, string][] = [
    ['vessels', n(p.vessels), 'distinct MMSIs with a position in the area'],
    ['vessel-days', n(p.vesselDays), 'vessel and UTC day pairs with a position'],
    ['events', n(d.events.length), 'events in the area and period, every type'],
    ['night encounters beyond 12 nm', n(p.counts.nightEncountersBeyond12nm), 'encounters flagged night and outside_territorial_sea'],
    ['vessels changing identity', n(p.counts.identityChangeVessels), 'vessels with an identity_change event'],
    ['likely AIS disabling', n(p.counts.likelyDisablingGaps), `gaps flagged likely_disabling (${p.counts.likelyDisablingGapVessels} vessels)`],
    ['port calls', n(p.portCalls.total), 'port_visit events'],
    ['convoys', n(p.counts.convoys), 'convoy events'],
    ['fishing hours', n(Math.round(p.fishing.hours)), `${p.fishing.vessels} fishing vessels at fishing speeds`],
  ];
  return `<div class="cards">${cards.map(([k, v, tip]) => `<div class="card" data-figure="${esc(k)}" title="${esc(tip)}"><div class="v">${v}</div><div class="k">${esc(k)}</div></div>`).join('')}</div>`;
}

function presenceSection(d: ReportData): string {
  const p = d.presence;
  const top = p.byFlag.slice(0, FLAG_COLORS.length - 1).map((f) => f.flag);
  const colors: Record<string, string> = Object.fromEntries(top.map((f, i) => [f, FLAG_COLORS[i]!]));
  colors['other'] = OTHER;
  const bars = p.byDay.map((day) => {
    const parts = top.map((f) => ({ name: f, value: day.byFlag[f] ?? 0 }));
    const other = day.vessels - parts.reduce((a, x) => a + x.value, 0);
    if (other > 0) parts.push({ name: 'other', value: other });
    return { label: day.day, parts };
  });
  const flags = table(
    'num',
    ['flag', 'country (MID)', 'vessels', 'vessel-days', 'share of vessel-days'],
    p.byFlag.slice(0, 12).map((f) => [esc(f.flag), esc(f.country), n(f.vessels), n(f.vesselDays), pct(p.vesselDays ? f.vesselDays / p.vesselDays : 0)]),
    p.byFlag.slice(0, 12).map((f) => ` data-flag="${esc(f.flag)}"`),
  );
  const types = table('num', ['ship type', 'vessels', 'vessel-days'], p.byShipType.map((x) => [esc(x.category), n(x.vessels), n(x.vesselDays)]));
  return `<section id="presence"><h2>Presence</h2>
<div class="two"><div><h3>Top flags</h3>${flags}${p.byFlag.length > 12 ? `<p class="note">and ${p.byFlag.length - 12} more flags.</p>` : ''}</div><div><h3>Ship types</h3>${types}<p class="note">Ship type from the latest static report (AIS type of ship and cargo); <i>unknown</i>: none sent.</p></div></div>
<h3>Vessels present by day and flag</h3>${barChart('chart-presence', 'Distinct vessels present per UTC day, by flag', bars, colors, { vertical: true, width: Math.max(320, Math.min(960, 60 + bars.length * 60)) })}${swatches(colors, [...top, 'other'])}
</section>`;
}

function eventsByType(d: ReportData): string {
  const byType = d.presence.eventsByType;
  const entries = Object.entries(byType).sort((a, b) => b[1] - a[1]);
  const colors: Record<string, string> = Object.fromEntries(entries.map(([k]) => [k, EVENT_STYLE[k]?.color ?? '#999']));
  const chart = barChart('chart-events', 'Events by type', entries.map(([k, v]) => ({ label: k, parts: [{ name: k, value: v }] })), colors);
  const rows = table('num', ['type', 'events', 'vessels'], entries.map(([k, v]) => [esc(k), n(v), n(new Set(d.events.filter((e) => e.type === k).flatMap((e) => e.mmsi)).size)]), entries.map(([k, v]) => ` data-type="${esc(k)}" data-count="${v}"`));
  return `<section id="events"><h2>Events by type</h2><div class="two"><div>${chart}</div><div>${rows}</div></div></section>`;
}

function riskSection(d: ReportData): string {
  const rows = d.topRisk.map((r, i) => [
    String(i + 1),
    vessel(d, r.mmsi),
    `<b>${r.score}</b>`,
    `<ul class="reasons">${r.reasons.slice(0, 5).map((c) => `<li>+${c.points} ${esc(c.reason)}</li>`).join('')}${r.reasons.length > 5 ? `<li class="note">and ${r.reasons.length - 5} more</li>` : ''}</ul>`,
  ]);
  return `<section id="risk"><h2>Top risk vessels</h2><p class="note">Risk score 0-100 (src/screen/risk.ts) over the events in this area and period and the store's screening hits; every point names the rule and the event or list entry behind it. ${d.riskScored} vessels scored.</p>${table('risk', ['#', 'vessel', 'score', 'reasons'], rows)}</section>`;
}

function encounterSection(d: ReportData): string {
  const list = d.encounters.slice(0, MAX_ROWS);
  const rows = list.map((e) => [t(e.start), t(e.end), eventHours(e).toFixed(1), e.mmsi.map((m) => vessel(d, m)).join('<br>'), pos(e), esc(e.flags.join(', ')), e.confidence.toFixed(2)]);
  return `<section id="encounters"><h2>Encounters</h2>${table('enc', ['start (UTC)', 'end (UTC)', 'hours', 'vessels', 'position', 'flags', 'conf.'], rows)}${d.encounters.length > MAX_ROWS ? `<p class="note">First ${MAX_ROWS} of ${d.encounters.length}.</p>` : ''}</section>`;
}

function convoySection(d: ReportData): string {
  if (!d.convoys.length) return '';
  const ev = (e: Event, k: string): string => {
    const v = e.evidence[k];
    return v === undefined || v === null ? '-' : esc(typeof v === 'object' ? JSON.stringify(v) : String(v));
  };
  const heading = (e: Event): string => {
    const h = e.evidence.headingFor as { text?: string } | null | undefined;
    if (h?.text) return esc(h.text);
    // a dark convoy seen in one pass: the line's bearing is known, not which way it moves
    const either = e.evidence.headingEitherWay as { text?: string }[] | undefined;
    return either?.length ? `either ${either.map((x) => esc(x.text ?? '-')).join(' or ')}` : '-';
  };
  const who = (e: Event): string => {
    if (!e.flags.includes('dark')) return e.mmsi.slice(0, 6).map((m) => vessel(d, m)).join('<br>') + (e.mmsi.length > 6 ? '<br>...' : '');
    const passes = Array.isArray(e.evidence.passes) ? e.evidence.passes.length : 1;
    return `dark: ${Array.isArray(e.evidence.detections) ? e.evidence.detections.length : 0} satellite detections in ${passes} pass${passes > 1 ? 'es' : ''}, line bearing ${ev(e, 'lineBearingDeg')}°`;
  };
  const members = (e: Event): string => (e.flags.includes('dark') ? ev(e, 'members') : String(e.mmsi.length));
  const rows = d.convoys.slice(0, MAX_ROWS).map((e) => [t(e.start), t(e.end), members(e), who(e), pos(e), ev(e, 'courseDeg'), ev(e, 'speedKn'), heading(e), e.confidence.toFixed(2)]);
  return `<section id="convoys"><h2>Convoys</h2><p class="note">Vessels moving together at similar course and speed; <i>dark</i> ones are lines of satellite detections no AIS explains (src/detections/convoy.ts), linked across passes where the data has several.</p>${table('conv', ['start (UTC)', 'end (UTC)', 'members', 'vessels', 'position', 'course', 'speed kn', 'heading for', 'conf.'], rows)}</section>`;
}

function identitySection(d: ReportData): string {
  const rows: string[][] = [];
  for (const v of d.identity.slice(0, MAX_ROWS)) {
    const periods = v.periods
      .map((p) => `<tr><td>${t(new Date(p.from).toISOString())}</td><td>${t(new Date(p.to).toISOString())}</td><td>${esc(p.name ?? '-')}</td><td>${esc(p.flag ?? '-')}</td><td>${esc(p.callsign ?? '-')}</td><td>${p.imo ?? '-'}</td></tr>`)
      .join('');
    rows.push([vessel(d, v.mmsi), String(v.events), `<table class="inner"><thead><tr><th>from</th><th>to</th><th>name</th><th>flag</th><th>call sign</th><th>IMO</th></tr></thead><tbody>${periods}</tbody></table>`]);
  }
  return `<section id="identity"><h2>Identity changes</h2><p class="note">Names and flags over time as the vessels reported them (Store.vesselIdentity: one row per continuous period of one identity).</p>${table('ident', ['vessel', 'events', 'identities over time'], rows)}</section>`;
}

function portSection(d: ReportData): string {
  const p = d.presence.portCalls;
  const r = d.presence.routes;
  const place = (name: string, iso3: string | null): string => `${esc(name)}${iso3 ? ` <span class="fl">${esc(iso3)}</span>` : ''}`;
  const routes = `<h3>Repeated routes</h3><p class="note">Vessels present that made at least ${r.minVoyages} voyages between the same two ports or zones (their port visits and zone stays, src/analytics/routes.ts).</p>${table(
    'num',
    ['vessel', 'between', 'and', 'voyages (each way)', 'first departure (UTC)', 'last arrival (UTC)'],
    r.list.slice(0, MAX_ROWS).map((x) => [vessel(d, x.mmsi), place(x.a, x.aIso3), place(x.b, x.bIso3), `${x.voyages} (${x.aToB} + ${x.bToA})`, t(x.first), t(x.last)]),
  )}`;
  if (!p.total) return `<section id="ports"><h2>Port calls</h2><p class="none">None in this area and period.</p>${r.list.length ? routes : ''}</section>`;
  return `<section id="ports"><h2>Port calls</h2><div class="two"><div><h3>By flag</h3>${table('num', ['flag', 'country', 'calls'], p.byFlag.map((c) => [esc(c.flag), esc(countryOf(c.flag)), n(c.calls)]))}</div><div><h3>By previous port</h3>${table('num', ['previous port call', 'calls'], p.byPreviousPort.map((c) => [esc(c.port), n(c.calls)]))}</div></div>${routes}</section>`;
}

function fishingSection(d: ReportData): string {
  const f = d.presence.fishing;
  const rows = f.cells.slice(0, 10).map((c) => [`${c.lat.toFixed(3)}, ${c.lon.toFixed(3)}`, c.hours.toFixed(1), String(c.vessels)]);
  return `<section id="fishing"><h2>Fishing effort</h2><p>${n(Math.round(f.hours))} hours by ${f.vessels} fishing vessels (AIS ship type 30) moving at ${f.params.minKn}-${f.params.maxKn} kn, in ${f.cells.length} cells of about ${f.params.cellM / 1000} km. A speed rule, not a fishing classifier: it says where fishing boats work, not that they fished.</p>${table('num', ['cell centre (lat, lon)', 'hours', 'vessels'], rows)}</section>`;
}

function evaluationTable(ev: Evaluation | null, types: readonly string[]): string {
  if (!ev) return '<p class="none">No evaluation is bundled with this build (run <code>npm run evaluate</code>).</p>';
  const all = [...new Set([...types, ...Object.keys(ev.scenario.withZones.byType)])].sort();
  const pr = (s: { precision: number; recall: number; truth: number; detected: number } | undefined): string => (s ? `${s.precision.toFixed(2)} / ${s.recall.toFixed(2)} <span class="note">(${s.truth}/${s.detected})</span>` : '-');
  const rows = all.map((k) => {
    const r = ev.real.reviews?.[k];
    return [esc(k), pr(ev.scenario.withZones.byType[k]), pr(ev.scenario.withoutZones.byType[k]), r ? `${r.plausible} / ${r.reviewed}` : '-'];
  });
  const sc = ev.scenario.withZones;
  const real: string[] = [];
  if (ev.real.gpsd) real.push(`AIS decoding against gpsd's regression suite: ${pct(ev.real.gpsd.matchedObjects / ev.real.gpsd.objects)} of ${n(ev.real.gpsd.objects)} messages and ${pct(ev.real.gpsd.equalFields / ev.real.gpsd.fields)} of fields equal.`);
  if (ev.real.gfwSegments) real.push(`Track segmentation against Global Fishing Watch's gpsdio-segment regression files: pair agreement ${ev.real.gfwSegments.agreement.toFixed(4)} over ${ev.real.gfwSegments.files} files.`);
  if (ev.real.dma) real.push(`Danish Maritime Authority AisAbnormal cases: ${ev.real.dma.passed} of ${ev.real.dma.cases} behave as labelled.`);
  return `<table class="num eval"><thead><tr><th>event type</th><th>scenarios, with zones file: precision / recall (truth/detected)</th><th>scenarios, without zones file</th><th>real files: review log, plausible / reviewed</th></tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>
<p class="note">Scenarios: the West Korea Bay simulator (src/sim) with the hard cases of real data planted (realism), seeds ${sc.seeds.join(', ')}, ${sc.hours} h, ${sc.vessels} vessels each; planted negatives reported: ${sc.negatives.reported} of ${sc.negatives.total}. Real files: events found in public AIS files while the rules were built, each judged by hand; the implausible ones are false alarms since fixed and kept as regression cases, so this says where real data needed care, not today's precision. Evaluation of ${esc(ev.version)}${ev.commit ? ` (${esc(ev.commit.slice(0, 10))})` : ''}, ${esc(ev.generated)}.</p>
${real.length ? `<ul>${real.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}`;
}

function methodsSection(d: ReportData): string {
  const rules = table(
    'rules',
    ['rule', 'profile', 'parameters', 'events'],
    d.rules.map((r) => [esc(r.name), esc(r.profile ?? '-'), `<code>${esc(Object.entries(r.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`).join(' '))}</code>`, n(r.events)]),
  );
  const sources = table(
    'src',
    ['input', 'format', 'bytes', 'content hash (sha256 of size, first and last MiB)', 'records read', 'positions stored'],
    d.sources.map((s) => {
      const m = /^file:([0-9a-f]{64}):/.exec(s.key);
      return [esc(s.path ?? '-'), esc(s.format ?? '-'), s.sizeBytes === null ? '-' : n(s.sizeBytes), `<code>${esc(m ? m[1]! : s.key)}</code>`, n(s.read), n(s.positionsInserted)];
    }),
  );
  const p = d.presence;
  return `<section id="methods"><h2>Methods</h2>
<h3>What was counted</h3><ul>
<li>Area: ${esc(p.area.name)}${p.area.bbox ? ` (box ${p.area.bbox.map((x) => x.toFixed(3)).join(', ')})` : ''}; period ${esc(p.period.from ?? '-')} to ${esc(p.period.to ?? '-')}.</li>
<li>A vessel is present on a UTC day when at least one of its AIS positions in the area falls on it; flag is the country of the MMSI's Maritime Identification Digits (ITU), which is what the vessel claims, not its registry.</li>
<li>Events count when they overlap the period and their position lies in the area. Zone entries and exits are counted but not drawn.</li>
<li>The store holds ${n(d.stats.positions)} positions, ${n(d.stats.statics)} static reports and ${n(d.stats.vessels)} vessels in all.</li></ul>
<h3>Rules and parameters</h3>${rules}
<h3>Input files</h3>${sources}
<h3>How far to trust each event type</h3>${evaluationTable(d.evaluation, Object.keys(p.eventsByType))}
<p class="note">darkfleet ${esc(d.version)}; report generated ${esc(d.generated)}; store ${esc(d.store)}. The map's land is Natural Earth 1:10m (world-atlas), its 12 nm line measured from that coastline, not from legal baselines.</p>
</section>`;
}

const CSS = `
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans",Arial,sans-serif;color:#1d232a;margin:0;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px 28px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #e3e6ea}h3{font-size:14px;margin:14px 0 6px;color:#3d4752}
.sub{color:#5b6670;margin:0 0 16px}.note{color:#66717c;font-size:12px}.none{color:#66717c;font-style:italic}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:14px 0}
.card{border:1px solid #e3e6ea;border-radius:6px;padding:10px 12px;background:#fbfcfd}.card .v{font-size:22px;font-weight:650}.card .k{color:#5b6670;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:13px}th{text-align:left;background:#f0f2f5;font-weight:600}th,td{padding:4px 8px;border-bottom:1px solid #e8ebee;vertical-align:top}
table.num td:not(:first-child){font-variant-numeric:tabular-nums}
table.inner{margin:0;font-size:12px}table.inner th{background:#f7f8fa}
.mm{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;color:#444}.fl{display:inline-block;font-size:11px;padding:0 4px;border:1px solid #c9ced4;border-radius:3px;color:#333}
ul.reasons{margin:0;padding-left:16px}ul.reasons li{margin:0}
.two{display:grid;grid-template-columns:1fr 1fr;gap:20px}@media (max-width:800px){.two{grid-template-columns:1fr}}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#3d4752;margin:6px 0}.lg{display:inline-flex;align-items:center;gap:5px}
svg .tick{font-size:11px;fill:#4a5560}svg .lab{font-size:11px;fill:#333}.map{border:1px solid #cfd6dd}
code{font-size:11.5px;word-break:break-all}
@media print{body{background:#fff}main{padding:0;max-width:none}section{break-inside:avoid-page}h2{break-after:avoid}}
`;

/** The report as one HTML document. */
export function renderReport(d: ReportData): string {
  const p = d.presence;
  const categories = [...new Set(d.map.tracks.map((x) => x.category))].sort((a, b) => (TRACK_COLOR[a] ? 0 : 1) - (TRACK_COLOR[b] ? 0 : 1) || (a < b ? -1 : 1));
  const drawn = d.events.filter((e) => e.type !== 'zone_entry' && e.type !== 'zone_exit');
  const map = mapSvg({ view: d.map.view, tracks: d.map.tracks, events: drawn, areaRings: d.map.areaRings, areaLabel: d.map.areaLabel, width: 1040 });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="darkfleet ${esc(d.version)}">
<title>${esc(d.title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(d.title)}</h1>
<p class="sub">${esc(p.area.name)} &middot; ${esc(t(p.period.from ?? '-'))} to ${esc(t(p.period.to ?? '-'))} &middot; ${n(p.positions)} AIS positions &middot; generated ${esc(t(d.generated))} by darkfleet ${esc(d.version)}</p>
${figures(d)}
<section id="map"><h2>Map</h2><div class="map">${map}</div>${mapLegend(drawn, categories)}<p class="note">Tracks thinned to one fix per ${TRACK_THIN_MS / 60_000} minutes and cut at silences over an hour; hover a symbol for its event.</p></section>
${presenceSection(d)}
${eventsByType(d)}
${riskSection(d)}
${encounterSection(d)}
${convoySection(d)}
${identitySection(d)}
${portSection(d)}
${fishingSection(d)}
${methodsSection(d)}
</main></body></html>
`;
}
