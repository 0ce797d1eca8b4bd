/**
 * The API's routes and parameters, declared once: the OpenAPI 3.1 document served at
 * /api/openapi.json is built from this table, and the routes read their query strings through
 * it (a key not declared here is a 400), so the document cannot drift from what is accepted.
 */
import { EVENT_TYPES } from '../events.js';
import { MAX_LIMIT } from '../query/filters.js';
import { DEFAULT_MAP_VESSELS, DEFAULT_PAGE, DEFAULT_SEARCH, MAX_MAP_DAYS, MAX_MAP_POINTS, MAX_MAP_POSITIONS, MAX_MAP_VESSELS, MAX_PAGE, MAX_SEARCH, MAX_TRACK_DAYS } from './params.js';
import { MAX_TRACK_POINTS } from './track.js';
import { TRACK_BREAK_MS } from '../track/breaks.js';

type Schema = Record<string, unknown>;

export interface ParamDoc {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description: string;
  schema: Schema;
  example?: string;
}

export interface RouteDoc {
  /** OpenAPI path template: /api/events/{id} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  params: ParamDoc[];
  /** status -> [description, media type -> schema] */
  responses: Record<string, [string, Record<string, Schema>]>;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (s: Schema): Record<string, Schema> => ({ 'application/json': s });
const ERR = { $ref: '#/components/schemas/Error' };
const errors = (...codes: string[]): Record<string, [string, Record<string, Schema>]> => {
  const text: Record<string, string> = {
    '400': 'a bad parameter; the message starts with its name',
    '401': 'missing or wrong bearer token (when the server runs with a token)',
    '404': 'not in this store',
  };
  return Object.fromEntries(codes.map((c) => [c, [text[c] ?? c, json(ERR)]]));
};
const iso = { type: 'string', description: 'ISO 8601 date or date-time; no zone means UTC', examples: ['2024-03-01', '2024-03-01T14:00:00Z'] };
const mmsiPath: ParamDoc = { name: 'mmsi', in: 'path', required: true, description: 'MMSI, 9 digits', schema: { type: 'string', pattern: '^\\d{9}$' }, example: '412000001' };

export const API_ROUTES: readonly RouteDoc[] = [
  {
    path: '/api/events',
    operationId: 'listEvents',
    summary: 'Stored events, filtered, one page at a time',
    description: `Events overlapping the time range, in (start, id) order. Page with \`cursor\`: pass the \`next\` of the previous page (JSON: in the body; GeoJSON and CSV: in the \`Link: <...>; rel="next"\` header). Filters are read by the same validation as \`darkfleet events\`.`,
    params: [
      { name: 'type', in: 'query', description: `event types, comma separated: ${EVENT_TYPES.join(', ')}`, schema: { type: 'string' }, example: 'encounter,gap' },
      { name: 'mmsi', in: 'query', description: 'events involving this MMSI (9 digits)', schema: { type: 'string', pattern: '^\\d{9}$' } },
      { name: 'bbox', in: 'query', description: 'W,S,E,N in degrees; west > east crosses the antimeridian', schema: { type: 'string' }, example: '124.0,38.4,125.5,39.0' },
      { name: 'from', in: 'query', description: 'events ending at or after this time', schema: iso },
      { name: 'to', in: 'query', description: 'events starting at or before this time', schema: iso },
      { name: 'flags', in: 'query', description: 'events carrying every one of these flags, comma separated', schema: { type: 'string' }, example: 'night,outside_territorial_sea' },
      { name: 'minConfidence', in: 'query', description: 'events with confidence at or above this', schema: { type: 'number', minimum: 0, maximum: 1 } },
      { name: 'limit', in: 'query', description: `page size (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}; the CLI allows ${MAX_LIMIT})`, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE } },
      { name: 'cursor', in: 'query', description: 'opaque: the `next` of the previous page', schema: { type: 'string' } },
      { name: 'format', in: 'query', description: 'json (default), geojson (a FeatureCollection of points) or csv', schema: { type: 'string', enum: ['json', 'geojson', 'csv'], default: 'json' } },
    ],
    responses: {
      '200': ['a page of events', { ...json(ref('EventPage')), 'application/geo+json': { type: 'object' }, 'text/csv': { type: 'string' } }],
      ...errors('400', '401'),
    },
  },
  {
    path: '/api/events/{id}',
    operationId: 'getEvent',
    summary: 'One event with its rule, parameters and evidence',
    params: [{ name: 'id', in: 'path', required: true, description: 'event id as stored (`type:mmsi:start[:qualifier]`), URL-encoded', schema: { type: 'string', maxLength: 512 }, example: 'encounter:412000001-445123456:2024-03-01T14:00:00Z' }],
    responses: { '200': ['the event', json(ref('Event'))], ...errors('400', '401', '404') },
  },
  {
    path: '/api/events/{id}/raw',
    operationId: 'getEventRaw',
    summary: 'The raw input lines behind one event: file, line number, and the sentence or CSV row as read',
    description:
      'One record per stored position and static report the event names. The text is read again from the ingested file; when it cannot be (the file moved or changed since ingest, a stream such as stdin), `text` is null and `problem` says why.',
    params: [{ name: 'id', in: 'path', required: true, description: 'event id as stored, URL-encoded', schema: { type: 'string', maxLength: 512 }, example: 'encounter:412000001-445123456:2024-03-01T14:00:00Z' }],
    responses: { '200': ['the records behind the event', json(ref('EventEvidence'))], ...errors('400', '401', '404') },
  },
  {
    path: '/api/alerts',
    operationId: 'streamAlerts',
    summary: 'Live alerts as server-sent events (text/event-stream), as the detectors emit them',
    description:
      'Served by `darkfleet watch INPUT --serve`, the process that runs the detectors (a plain `darkfleet serve` answers 404). Each alert is `id: N` and `data: <the event JSON>`; encounters and gaps are also alerted early, while still open, flagged `ongoing` under the id of their final event (taken back, flagged `withdrawn`, when the final event does not bear them out); a client that reconnects with `Last-Event-ID: N` first gets the alerts after N the server still keeps (the last 1000). A subscriber that falls more than 1000 alerts behind loses the oldest, said in an `event: dropped` with `data: {"dropped": count}`. A comment line every 15 s keeps the connection open.',
    params: [
      { name: 'type', in: 'query', description: `event types, comma separated: ${EVENT_TYPES.join(', ')}`, schema: { type: 'string' }, example: 'encounter,gap' },
      { name: 'mmsi', in: 'query', description: 'alerts involving this MMSI (9 digits)', schema: { type: 'string', pattern: '^\\d{9}$' } },
      { name: 'flags', in: 'query', description: 'alerts carrying every one of these flags, comma separated', schema: { type: 'string' }, example: 'night' },
      { name: 'minConfidence', in: 'query', description: 'alerts with confidence at or above this', schema: { type: 'number', minimum: 0, maximum: 1 } },
    ],
    responses: { '200': ['a stream of alerts (never ends while the detectors run)', { 'text/event-stream': { type: 'string' } }], ...errors('400', '401', '404') },
  },
  {
    path: '/api/vessels',
    operationId: 'searchVessels',
    summary: 'Vessels by name, former name, call sign, MMSI or IMO',
    description: 'Case-insensitive; names and call signs match when they contain `q`, MMSI and IMO when equal (an MMSI also by its first digits). Exact matches first.',
    params: [
      { name: 'q', in: 'query', required: true, description: 'search text, 2 to 64 characters', schema: { type: 'string', minLength: 2, maxLength: 64 }, example: 'KUM SONG' },
      { name: 'limit', in: 'query', description: `at most this many vessels (default ${DEFAULT_SEARCH}, at most ${MAX_SEARCH})`, schema: { type: 'integer', minimum: 1, maximum: MAX_SEARCH, default: DEFAULT_SEARCH } },
    ],
    responses: { '200': ['matching vessels', json({ type: 'object', properties: { vessels: { type: 'array', items: ref('VesselMatch') } }, required: ['vessels'] })], ...errors('400', '401') },
  },
  {
    path: '/api/vessels/{mmsi}',
    operationId: 'getVessel',
    summary: 'Dossier of one vessel: identity timeline, events, screening hits with their paths, risk score with its evidence',
    description: 'An MMSI the store never saw is a 404, never a clean score.',
    params: [mmsiPath],
    responses: { '200': ['the dossier', json(ref('Dossier'))], ...errors('400', '401', '404') },
  },
  {
    path: '/api/vessels/{mmsi}/track',
    operationId: 'getTrack',
    summary: 'Track of one vessel as a GeoJSON Feature',
    description: `A LineString, or a MultiLineString broken where fixes are more than ${TRACK_BREAK_MS / 60_000} min apart; \`properties.times\` holds each point's epoch ms. Simplified (Douglas-Peucker in Web Mercator) to one pixel at \`zoom\` when given, and to at most ${MAX_TRACK_POINTS} points in any case. Without from/to: the vessel's last 24 hours of data; one end alone: 24 hours from it; at most ${MAX_TRACK_DAYS} days.`,
    params: [
      mmsiPath,
      { name: 'from', in: 'query', description: 'start of the range', schema: iso },
      { name: 'to', in: 'query', description: 'end of the range', schema: iso },
      { name: 'zoom', in: 'query', description: 'map zoom the track is drawn at (0-22)', schema: { type: 'integer', minimum: 0, maximum: 22 } },
    ],
    responses: { '200': ['the track', { 'application/geo+json': ref('Track') }], ...errors('400', '401', '404') },
  },
  {
    path: '/api/tracks',
    operationId: 'getTracks',
    summary: 'Simplified tracks of every vessel in a box and time range, for the map',
    description: `A GeoJSON FeatureCollection: one Feature per vessel as /api/vessels/{mmsi}/track gives it, with \`name\`, \`flag\`, \`shipType\` and \`category\` added. Without from/to: the last 24 hours of the store's data; at most ${MAX_MAP_DAYS} days, ${MAX_MAP_POSITIONS} positions read (more is a 400: ask for a smaller box or range) and ${MAX_MAP_POINTS} points returned (each vessel's share simplified further).`,
    params: [
      { name: 'bbox', in: 'query', description: 'W,S,E,N in degrees', schema: { type: 'string' }, example: '124.0,38.0,125.8,39.9' },
      { name: 'from', in: 'query', description: 'start of the range', schema: iso },
      { name: 'to', in: 'query', description: 'end of the range', schema: iso },
      { name: 'zoom', in: 'query', description: 'map zoom the tracks are drawn at (0-22)', schema: { type: 'integer', minimum: 0, maximum: 22 } },
      { name: 'limit', in: 'query', description: `at most this many vessels (default ${DEFAULT_MAP_VESSELS}, at most ${MAX_MAP_VESSELS})`, schema: { type: 'integer', minimum: 1, maximum: MAX_MAP_VESSELS, default: DEFAULT_MAP_VESSELS } },
    ],
    responses: { '200': ['the tracks', { 'application/geo+json': { type: 'object' } }], ...errors('400', '401') },
  },
  {
    path: '/api/geography',
    operationId: 'getGeography',
    summary: 'The map geography: the 12 nm territorial-sea line, the bundled zones, the anchorages learned from the store',
    description: 'A GeoJSON FeatureCollection; `properties.kind` is `shore_zone` (MultiLineString), `zone` (MultiPolygon) or `learned_anchorage` (Point). The traffic layer is read as last built by `darkfleet analyze` (`darkfleet.traffic`: current, stale or none).',
    params: [],
    responses: { '200': ['the geography', { 'application/geo+json': { type: 'object' } }], ...errors('401') },
  },
  {
    path: '/api/stats',
    operationId: 'getStats',
    summary: 'What the store holds: positions, statics, vessels, events by type, rejects by reason, time range',
    params: [],
    responses: { '200': ['store statistics', json(ref('Stats'))], ...errors('401') },
  },
  {
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    params: [],
    responses: { '200': ['OpenAPI 3.1 document', json({ type: 'object' })], ...errors('401') },
  },
];

/** The query parameters a route takes, by its OpenAPI path. */
export function queryParams(path: string): string[] {
  const r = API_ROUTES.find((x) => x.path === path);
  return r ? r.params.filter((p) => p.in === 'query').map((p) => p.name) : [];
}

const SCHEMAS: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'object', required: ['status', 'code', 'message'], properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } } } },
  },
  Event: {
    type: 'object',
    required: ['id', 'type', 'start', 'end', 'mmsi', 'lat', 'lon', 'confidence', 'flags', 'rule', 'evidence'],
    properties: {
      id: { type: 'string' },
      type: { type: 'string', enum: [...EVENT_TYPES] },
      start: { type: 'string', format: 'date-time' },
      end: { type: 'string', format: 'date-time' },
      mmsi: { type: 'array', items: { type: 'integer' } },
      lat: { type: ['number', 'null'] },
      lon: { type: ['number', 'null'] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      flags: { type: 'array', items: { type: 'string' } },
      rule: { type: 'object', properties: { name: { type: 'string' }, profile: { type: 'string' }, params: { type: 'object' } } },
      evidence: { type: 'object' },
    },
  },
  EventEvidence: {
    type: 'object',
    required: ['id', 'records'],
    properties: {
      id: { type: 'string' },
      records: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'mmsi', 't', 'source', 'lineNo', 'text', 'problem'],
          properties: {
            kind: { type: 'string', enum: ['position', 'static'] },
            mmsi: { type: 'integer' },
            t: { type: 'string', format: 'date-time' },
            source: {
              type: 'object',
              required: ['key', 'path', 'format'],
              properties: { key: { type: 'string', description: 'content key of the ingested input' }, path: { type: ['string', 'null'] }, format: { type: ['string', 'null'] } },
            },
            lineNo: { type: ['integer', 'null'], description: '1-based line in the decompressed input; a multi-sentence NMEA message: its first line' },
            text: { type: ['string', 'null'], description: 'the line as read, without its line ending; the lines of a multi-sentence message joined by a newline' },
            problem: { type: ['string', 'null'], description: 'why there is no text (file moved, changed since ingest, a stream)' },
          },
        },
      },
    },
  },
  EventPage: {
    type: 'object',
    required: ['events', 'next'],
    properties: { events: { type: 'array', items: ref('Event') }, next: { type: ['string', 'null'], description: 'cursor of the next page; null on the last' } },
  },
  VesselMatch: {
    type: 'object',
    properties: {
      mmsi: { type: 'integer' },
      name: { type: ['string', 'null'] },
      callsign: { type: ['string', 'null'] },
      imo: { type: ['integer', 'null'] },
      flag: { type: ['string', 'null'] },
      shipType: { type: ['integer', 'null'] },
      formerNames: { type: 'array', items: { type: 'string' } },
      matched: { type: 'array', items: { type: 'object', properties: { field: { type: 'string', enum: ['mmsi', 'imo', 'name', 'former_name', 'callsign', 'former_callsign'] }, value: { type: 'string' } } } },
      positions: { type: 'integer' },
      firstSeen: { type: ['string', 'null'], format: 'date-time' },
      lastSeen: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Dossier: {
    type: 'object',
    required: ['mmsi', 'seen', 'identities', 'events', 'screeningHits', 'risk'],
    properties: {
      mmsi: { type: 'integer' },
      query: { type: 'object', description: 'the identity asked for: {mmsi}' },
      mmsis: { type: 'array', items: { type: 'integer' }, description: 'the MMSIs the dossier covers' },
      seen: { type: ['object', 'null'], description: 'positions and static reports stored, first and last time heard; null when the store knows the vessel only through events or screening hits' },
      identities: { type: 'array', items: { type: 'object', description: 'identity period: from, to, name, callsign, imo, flag, shipType, reports' } },
      sameImo: { type: 'array', items: { type: 'integer' }, description: 'other MMSIs that reported one of its IMO numbers' },
      events: { type: 'array', items: ref('Event') },
      eventsTotal: { type: 'integer' },
      screeningHits: { type: 'array', items: { type: 'object', description: 'query, entity, score, reasons, path (ownership chain)' } },
      risk: {
        type: 'object',
        properties: {
          score: { type: 'integer', minimum: 0, maximum: 100 },
          uncapped: { type: 'number' },
          period: { type: ['object', 'null'], description: 'the period the store holds data of the vessel for: from, to', properties: { from: { type: 'string' }, to: { type: 'string' } } },
          components: { type: 'array', items: { type: 'object', properties: { points: { type: 'number' }, category: { type: 'string' }, reason: { type: 'string' }, evidence: { type: 'object' } } } },
        },
      },
    },
  },
  Track: {
    type: 'object',
    description: 'GeoJSON Feature (RFC 7946) with a LineString, MultiLineString or null geometry',
    properties: { type: { const: 'Feature' }, geometry: { type: ['object', 'null'] }, properties: { type: 'object' } },
  },
  Stats: {
    type: 'object',
    properties: {
      positions: { type: 'integer' },
      statics: { type: 'integer' },
      vessels: { type: 'integer' },
      events: { type: 'object', additionalProperties: { type: 'integer' } },
      rejects: { type: 'object', additionalProperties: { type: 'integer' } },
      timeRange: { type: ['object', 'null'], properties: { from: { type: 'string' }, to: { type: 'string' } } },
      version: { type: 'string' },
    },
  },
};

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of API_ROUTES) {
    paths[r.path] = {
      get: {
        operationId: r.operationId,
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        parameters: r.params.map((p) => ({ name: p.name, in: p.in, required: p.in === 'path' ? true : (p.required ?? false), description: p.description, schema: p.schema, ...(p.example ? { example: p.example } : {}) })),
        responses: Object.fromEntries(Object.entries(r.responses).map(([code, [description, content]]) => [code, { description, content: Object.fromEntries(Object.entries(content).map(([mt, schema]) => [mt, { schema }])) }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'darkfleet API',
      version,
      description: 'Read-only access to a darkfleet store: events, vessels, tracks. Bound to 127.0.0.1 by default; on any other address every call needs `Authorization: Bearer <token>`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{}, { bearerAuth: [] }],
    paths,
    components: { schemas: SCHEMAS, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}
