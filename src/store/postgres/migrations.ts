/**
 * Schema of the PostgreSQL store, as numbered migrations. `migrate` applies the ones a store has
 * not seen yet, in order, in ONE transaction with their rows in schema_migrations, under an
 * advisory lock (two processes opening a new store at once do not both create it). A later
 * change adds a migration at the end; applied ones are never edited.
 *
 * Times are timestamptz (µs), ids and other text sort bytewise (COLLATE "C", as DuckDB does), so
 * orders and keyset pages match the DuckDB store. Positions are range-partitioned by day on t
 * (partitions.ts creates them as data arrives); their dedupe key (mmsi, t, lat and lon at 1e-6
 * degrees, lat6/lon6 computed by the writer) is the unique index, which also serves per-vessel
 * reads. Events carry a generated PostGIS point (geom, EPSG:4326) with a GiST index (the API
 * filters events by box). Positions store none since migration 6 (the view positions_geo adds it
 * as read): a stored point cost a fifth of the server's work per inserted row, and a GiST index
 * on it 40% more (bench/pg.ts: 17 vs 10 us); nothing in darkfleet reads positions by box alone,
 * and lat/lon answer the box filter exactly. A migration can add an indexed point, per
 * partition, when such a read appears.
 */
import type pg from 'pg';
import { StoreError } from '../../errors.js';
import { quoteIdent, queryOn } from './db.js';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

const C = 'COLLATE "C"';
const POINT = `geometry(Point, 4326) GENERATED ALWAYS AS (CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE meta (key text ${C} PRIMARY KEY, value text NOT NULL)`,
      `INSERT INTO meta VALUES ('positions_written', '0')`,
      `CREATE TABLE source_names (id serial PRIMARY KEY, name text ${C} NOT NULL UNIQUE)`,
      `CREATE TABLE positions (
         mmsi integer NOT NULL,
         t timestamptz NOT NULL,
         lat double precision NOT NULL,
         lon double precision NOT NULL,
         sog double precision,
         cog double precision,
         heading double precision,
         nav_status smallint,
         msg_type smallint,
         source_id integer NOT NULL,
         lat6 integer NOT NULL,
         lon6 integer NOT NULL,
         geom ${POINT}
       ) PARTITION BY RANGE (t)`,
      `CREATE UNIQUE INDEX positions_key ON positions (mmsi, t, lat6, lon6)`,
      `CREATE TABLE statics (
         mmsi integer NOT NULL,
         t timestamptz NOT NULL,
         imo integer,
         name text ${C},
         callsign text ${C},
         ship_type smallint,
         length double precision,
         width double precision,
         draught double precision,
         destination text ${C},
         flag text ${C},
         source_id integer NOT NULL,
         UNIQUE NULLS NOT DISTINCT (mmsi, t, imo, name, callsign, ship_type, length, width, draught, destination, flag))`,
      `CREATE INDEX statics_imo ON statics (imo)`,
      `CREATE TABLE ingest_sources (
         source_key text ${C} PRIMARY KEY,
         path text,
         format text,
         size_bytes bigint,
         first_seen timestamptz NOT NULL,
         updated timestamptz NOT NULL,
         runs integer NOT NULL,
         completed boolean NOT NULL,
         byte_offset bigint,
         line_no bigint,
         record_index bigint,
         records_read bigint NOT NULL,
         positions_inserted bigint NOT NULL,
         positions_duplicate bigint NOT NULL,
         statics_inserted bigint NOT NULL,
         statics_duplicate bigint NOT NULL,
         rejects text NOT NULL)`,
      `CREATE TABLE events (
         id text ${C} PRIMARY KEY,
         type text ${C} NOT NULL,
         start_t timestamptz NOT NULL,
         end_t timestamptz NOT NULL,
         mmsi integer[] NOT NULL,
         lat double precision,
         lon double precision,
         confidence double precision,
         flags text[] NOT NULL,
         rule json NOT NULL,
         evidence json NOT NULL,
         geom ${POINT})`,
      `CREATE INDEX events_start ON events (start_t, id)`,
      `CREATE INDEX events_mmsi ON events USING gin (mmsi)`,
      `CREATE INDEX events_geom ON events USING gist (geom)`,
      `CREATE TABLE screening_hits (
         id text ${C} PRIMARY KEY,
         mmsi integer,
         imo integer,
         entity_id text ${C} NOT NULL,
         entity_schema text,
         entity_name text,
         entity_source text,
         score double precision NOT NULL,
         query text NOT NULL,
         reasons text NOT NULL,
         path text NOT NULL)`,
      // the traffic layer, rebuilt from positions by traffic.ts
      `CREATE TABLE traffic_cells (
         cell bigint NOT NULL,
         moving_vessels integer NOT NULL, moving_hours integer NOT NULL, moving_positions bigint NOT NULL,
         moving_first_ms double precision, moving_last_ms double precision, moving_vessel_sketch text NOT NULL, moving_hour_sketch text NOT NULL,
         stationary_vessels integer NOT NULL, stationary_hours integer NOT NULL, stationary_positions bigint NOT NULL,
         stationary_first_ms double precision, stationary_last_ms double precision, stationary_vessel_sketch text NOT NULL, stationary_hour_sketch text NOT NULL)`,
      `CREATE TABLE traffic_coverage (cell bigint NOT NULL, hour bigint NOT NULL, vessels integer NOT NULL, positions bigint NOT NULL, vessel_sketch text NOT NULL)`,
      `CREATE TABLE traffic_hours (hour bigint NOT NULL, vessels integer NOT NULL, positions bigint NOT NULL, vessel_sketch text NOT NULL)`,
    ],
  },
  {
    // evidence down to the raw line (origins.ts): each record's 1-based input line (NULL when
    // unknown, as in rows stored before) and each log entry's records' label (ingest_sources.path
    // now holds the input's absolute path). bigint: lines up to 4294967295 as DuckDB's UINTEGER.
    // A column without a default is a catalogue change only (no table rewrite) and reaches every
    // day partition; statics' unique key is unchanged: the line is not part of a report's content.
    version: 2,
    name: 'record lines',
    statements: [
      `ALTER TABLE positions ADD COLUMN line_no bigint`,
      `ALTER TABLE statics ADD COLUMN line_no bigint`,
      `ALTER TABLE ingest_sources ADD COLUMN source_name text`,
    ],
  },
  {
    version: 3,
    name: 'checkpoints',
    statements: [
      // detector state of incremental analysis (src/pipeline/checkpoint.ts): opaque bytes per analysis key and feed time
      `CREATE TABLE checkpoints (key text ${C} NOT NULL, t double precision NOT NULL, state bytea NOT NULL, PRIMARY KEY (key, t))`,
    ],
  },
  {
    // the list programme(s) of a hit's entity (src/store/programs.ts: JSON text, NULL when none,
    // as in rows stored before), for the FtM Sanction's `program`; no default: a catalogue change only
    version: 4,
    name: 'hit programmes',
    statements: [`ALTER TABLE screening_hits ADD COLUMN entity_programs text`],
  },
  {
    // the traffic layer's incremental refresh (traffic.ts): positions carry the order they were
    // inserted in (seq; NULL for rows stored before, which count as old: a catalogue change, the
    // default reaches new rows only), a BRIN index (cheap to keep: seq grows with the heap) finds
    // the appended ones, and a moving-vessel count kept as `n:` keeps its members for the merge.
    version: 5,
    name: 'incremental traffic',
    statements: [
      `CREATE SEQUENCE positions_seq`,
      `ALTER TABLE positions ADD COLUMN seq bigint`,
      `ALTER TABLE positions ALTER COLUMN seq SET DEFAULT nextval('positions_seq')`,
      `CREATE INDEX positions_seq_brin ON positions USING brin (seq)`,
      `ALTER TABLE traffic_cells ADD COLUMN moving_vessel_members text`,
    ],
  },
  {
    // positions' stored point cost a fifth of the server's work per inserted row (1M rows in one
    // INSERT: 5.4 s with it, 4.3 s without) and nothing read it but the box filter, which lat/lon
    // answer exactly; SQL users get the point from the view positions_geo, computed as read.
    // Dropping a column is a catalogue change (rows stored before keep their bytes until rewritten).
    version: 6,
    name: 'positions without a stored point; no shared write counter',
    statements: [
      `ALTER TABLE positions DROP COLUMN geom`,
      `CREATE VIEW positions_geo AS SELECT p.*, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) AS geom FROM positions p`,
      // the traffic layer counts positions written by the sources' rows now (writes.ts): one row
      // every batch updated held concurrent writers' batches one after another
      `DELETE FROM meta WHERE key = 'positions_written'`,
    ],
  },
];

export const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Versions applied to the store in `schema`; null when it holds no darkfleet store. */
export async function appliedVersions(client: pg.ClientBase, schema: string): Promise<number[] | null> {
  const [r] = (await queryOn(client, `SELECT to_regclass($1) AS t`, [`${quoteIdent(schema)}.schema_migrations`])).rows as { t: string | null }[];
  if (!r?.t) return null;
  const rows = (await queryOn(client, `SELECT version FROM ${quoteIdent(schema)}.schema_migrations ORDER BY version`)).rows as { version: number }[];
  return rows.map((x) => Number(x.version));
}

/** Brings the store in `schema` to the latest version (creating it when new); returns the versions applied now. */
export async function migrate(client: pg.ClientBase, schema: string): Promise<number[]> {
  await queryOn(client, 'BEGIN');
  try {
    // one lock for the whole database: CREATE EXTENSION is database-wide
    await queryOn(client, `SELECT pg_advisory_xact_lock(hashtext('darkfleet:migrate'))`);
    // PostGIS goes in public (on the search path of every store schema); a server where this
    // user may not create it needs it created once by an administrator
    await queryOn(client, `CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public`);
    await queryOn(client, `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await queryOn(client, `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const have = new Set((await appliedVersions(client, schema)) ?? []);
    const newer = [...have].filter((v) => v > LATEST);
    if (newer.length) throw new StoreError(`store schema version ${Math.max(...newer)} is newer than this darkfleet reads (${LATEST}): upgrade darkfleet`);
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (have.has(m.version)) continue;
      for (const sql of m.statements) await queryOn(client, sql);
      await queryOn(client, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await queryOn(client, 'COMMIT');
    return applied;
  } catch (err) {
    await queryOn(client, 'ROLLBACK').catch(() => undefined);
    throw err;
  }
}
