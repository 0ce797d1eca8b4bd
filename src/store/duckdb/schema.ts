/**
 * DuckDB schema of a darkfleet store. Times are TIMESTAMP (UTC, µs) so the file reads well in
 * plain SQL; the Store interface converts to epoch ms / ISO strings.
 *
 * positions and statics carry no index: duplicates are removed per batch with an anti-join
 * against the stored rows (DuckDB prunes that scan with the join keys' min/max), which
 * measured faster than a primary key with INSERT OR IGNORE and keeps memory flat.
 */
import { TRAFFIC_DDL } from './traffic.js';
import { TRACK_DDL } from './tracks.js';
import { CHECKPOINT_DDL } from './checkpoints.js';

export const SCHEMA_VERSION = '1';

/**
 * Input line of every stored record (1-based, in the decompressed input; NULL when unknown) and
 * the records' source label on each ingest log entry: what `darkfleet evidence` re-reads by.
 * UINTEGER: 4 bytes a row, lines up to 4.29e9 (longer inputs store NULL past that).
 */
export const LINE_DDL: readonly string[] = [
  `ALTER TABLE positions ADD COLUMN IF NOT EXISTS line_no UINTEGER`,
  `ALTER TABLE statics ADD COLUMN IF NOT EXISTS line_no UINTEGER`,
  `ALTER TABLE ingest_sources ADD COLUMN IF NOT EXISTS source_name VARCHAR`,
];

/**
 * The list programme(s) of a screening hit's entity (OFAC "DPRK2", UN "DPRK"), JSON text; NULL
 * when the list gave none, as in rows stored before (added in place).
 */
export const HIT_PROGRAMS_DDL: readonly string[] = [`ALTER TABLE screening_hits ADD COLUMN IF NOT EXISTS entity_programs VARCHAR`];

export const DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS source_names (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL UNIQUE)`,
  // key for dedupe: (mmsi, t, round(lat*1e6), round(lon*1e6))
  `CREATE TABLE IF NOT EXISTS positions (
     mmsi INTEGER NOT NULL,
     t TIMESTAMP NOT NULL,
     lat DOUBLE NOT NULL,
     lon DOUBLE NOT NULL,
     sog DOUBLE,
     cog DOUBLE,
     heading DOUBLE,
     nav_status UTINYINT,
     msg_type UTINYINT,
     source_id INTEGER NOT NULL,
     line_no UINTEGER)`,
  // key for dedupe: every column but source_id
  `CREATE TABLE IF NOT EXISTS statics (
     mmsi INTEGER NOT NULL,
     t TIMESTAMP NOT NULL,
     imo INTEGER,
     name VARCHAR,
     callsign VARCHAR,
     ship_type SMALLINT,
     length DOUBLE,
     width DOUBLE,
     draught DOUBLE,
     destination VARCHAR,
     flag VARCHAR,
     source_id INTEGER NOT NULL,
     line_no UINTEGER)`,
  // one row per source (file content key); progress and totals are updated with every batch
  `CREATE TABLE IF NOT EXISTS ingest_sources (
     source_key VARCHAR PRIMARY KEY,
     path VARCHAR,
     format VARCHAR,
     size_bytes BIGINT,
     first_seen TIMESTAMP NOT NULL,
     updated TIMESTAMP NOT NULL,
     runs INTEGER NOT NULL,
     completed BOOLEAN NOT NULL,
     byte_offset BIGINT,
     line_no BIGINT,
     record_index BIGINT,
     records_read BIGINT NOT NULL,
     positions_inserted BIGINT NOT NULL,
     positions_duplicate BIGINT NOT NULL,
     statics_inserted BIGINT NOT NULL,
     statics_duplicate BIGINT NOT NULL,
     rejects VARCHAR NOT NULL,
     source_name VARCHAR)`,
  // id unique by construction (putEvents deletes then inserts in one transaction)
  `CREATE TABLE IF NOT EXISTS events (
     id VARCHAR NOT NULL,
     type VARCHAR NOT NULL,
     start_t TIMESTAMP NOT NULL,
     end_t TIMESTAMP NOT NULL,
     mmsi INTEGER[] NOT NULL,
     lat DOUBLE,
     lon DOUBLE,
     confidence DOUBLE,
     flags VARCHAR[] NOT NULL,
     rule VARCHAR NOT NULL,
     evidence VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS screening_hits (
     id VARCHAR NOT NULL,
     mmsi INTEGER,
     imo INTEGER,
     entity_id VARCHAR NOT NULL,
     entity_schema VARCHAR,
     entity_name VARCHAR,
     entity_source VARCHAR,
     score DOUBLE NOT NULL,
     query VARCHAR NOT NULL,
     reasons VARCHAR NOT NULL,
     path VARCHAR NOT NULL,
     entity_programs VARCHAR)`,
  // the traffic layer, rebuilt from positions by traffic.ts (added in place: older stores get the empty tables)
  ...TRAFFIC_DDL,
  // positions in (mmsi, t) runs for track reads, kept by tracks.ts (older stores get it empty and fill it at their next ingest)
  ...TRACK_DDL,
  // evidence down to the raw line, added in place: rows of older stores keep NULL (no line known)
  ...LINE_DDL,
  // detector state of incremental analysis (checkpoints.ts; added in place)
  ...CHECKPOINT_DDL,
  ...HIT_PROGRAMS_DDL,
];

/**
 * Per-connection staging tables: temp, so they cost no WAL and vanish with a crash. The write
 * lanes drop and re-create theirs after every batch, since DuckDB keeps the memory of rows
 * deleted from a temp table (~80 MB per million positions otherwise).
 */
export const STAGE_POSITIONS = `CREATE TEMP TABLE stage_positions (
     mmsi INTEGER, t TIMESTAMP, lat DOUBLE, lon DOUBLE, sog DOUBLE, cog DOUBLE, heading DOUBLE,
     nav_status UTINYINT, msg_type UTINYINT, source_id INTEGER, line_no UINTEGER)`;
export const STAGE_STATICS = `CREATE TEMP TABLE stage_statics (
     mmsi INTEGER, t_ms DOUBLE, imo INTEGER, name VARCHAR, callsign VARCHAR, ship_type SMALLINT,
     length DOUBLE, width DOUBLE, draught DOUBLE, destination VARCHAR, flag VARCHAR, source_id INTEGER, line_no UINTEGER)`;
export const STAGE_DDL: readonly string[] = [
  `CREATE TEMP TABLE IF NOT EXISTS stage_events (
     seq INTEGER, id VARCHAR, type VARCHAR, start_ms DOUBLE, end_ms DOUBLE, mmsi INTEGER[], lat DOUBLE, lon DOUBLE,
     confidence DOUBLE, flags VARCHAR[], rule VARCHAR, evidence VARCHAR)`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_hits (
     seq INTEGER, id VARCHAR, mmsi INTEGER, imo INTEGER, entity_id VARCHAR, entity_schema VARCHAR, entity_name VARCHAR,
     entity_source VARCHAR, score DOUBLE, query VARCHAR, reasons VARCHAR, path VARCHAR, entity_programs VARCHAR)`,
];

/**
 * Inserts of staged positions (already unique within the batch, chunks.ts; rowsChanged =
 * inserted), in two parts. Staged positions later than everything stored (parameter: the stored maximum, epoch µs)
 * cannot repeat a stored row: they go in without the anti-join, which also lets DuckDB write
 * them straight to the file (the anti-join's insert went through the WAL, 5x slower to commit).
 */
export const INSERT_POSITIONS_AFTER = `
INSERT INTO positions
SELECT s.mmsi, s.t, s.lat, s.lon, s.sog, s.cog, s.heading, s.nav_status, s.msg_type, s.source_id, s.line_no
FROM temp.stage_positions s WHERE s.t > make_timestamp($1::BIGINT)`;

/** The rest (same parameter): checked against the stored rows (the store's dedupe key). */
export const INSERT_POSITIONS = `
INSERT INTO positions
SELECT s.mmsi, s.t, s.lat, s.lon, s.sog, s.cog, s.heading, s.nav_status, s.msg_type, s.source_id, s.line_no
FROM temp.stage_positions s
WHERE s.t <= make_timestamp($1::BIGINT) AND NOT EXISTS (
  SELECT 1 FROM positions p
  WHERE p.mmsi = s.mmsi AND p.t = s.t
    AND round(p.lat * 1e6) = round(s.lat * 1e6) AND round(p.lon * 1e6) = round(s.lon * 1e6))`;

const STATIC_KEY = ['imo', 'name', 'callsign', 'ship_type', 'length', 'width', 'draught', 'destination', 'flag'];

export const INSERT_STATICS = `
INSERT INTO statics
SELECT s.mmsi, s.t, s.imo, s.name, s.callsign, s.ship_type, s.length, s.width, s.draught, s.destination, s.flag, s.source_id, s.line_no
FROM (
  SELECT DISTINCT ON (mmsi, t, ${STATIC_KEY.join(', ')}) *
  FROM (SELECT * EXCLUDE (t_ms), epoch_ms(CAST(t_ms AS BIGINT)) AS t FROM temp.stage_statics)) s
WHERE NOT EXISTS (
  SELECT 1 FROM statics x
  WHERE x.mmsi = s.mmsi AND x.t = s.t AND ${STATIC_KEY.map((c) => `x.${c} IS NOT DISTINCT FROM s.${c}`).join(' AND ')})`;
