/**
 * Writes of the DuckDB store: ingest batches and the sources log (ingest_sources).
 *
 * Each batch is appended to temp staging tables (data chunks for positions, see chunks.ts),
 * then ONE transaction moves the new rows into the real tables with an anti-join on the record
 * keys and updates the source's progress and totals. A SIGKILL at any point leaves either the
 * whole batch with its progress or neither (DuckDB's WAL), and the next run resumes after the
 * last committed batch; the key-based dedupe catches anything read twice.
 *
 * Two write lanes (connection + staging tables each) let batch k+1 be staged on the main thread
 * while batch k commits on DuckDB's threads. Commits take their place in the store's statement
 * order (Db.queue).
 */
import { StoreError } from '../../errors.js';
import { positionColumns, positionSourceNames } from '../../records.js';
import type { Batch, BatchResult, SourceEnd, SourceMeta, SourceProgress, SourceState, SourceTotals } from '../types.js';
import { canonicalJson, sortedCounts } from '../json.js';
import { emptyTotals, storedOf, totalsAfter, totalsOf } from '../totals.js';
import { INSERT_POSITIONS, INSERT_POSITIONS_AFTER, INSERT_STATICS } from './schema.js';
import { appendStatics, clearStage, closeLane, type Lane, type Staged } from './lanes.js';
import { errMsg, numOrNull, rowsOn, runOn, strOrNull } from './sql.js';
import type { Db } from './db.js';
import { TRACK_FLUSH_ROWS, flushTracks } from './tracks.js';

interface SourceSession {
  totals: SourceTotals;
}

export class Writes {
  private readonly sessions = new Map<string, SourceSession>();
  /** batches are staged in call order */
  private stageTail: Promise<unknown> = Promise.resolve();
  private nextLane = 0;
  /** positions inserted since track_points was last brought up to date (tracks.ts) */
  private sinceTrackFlush = 0;

  constructor(
    private readonly db: Db,
    private readonly lanes: Lane[],
  ) {}

  closeLanes(): void {
    for (const lane of this.lanes) closeLane(lane);
  }

  async beginSource(sourceKey: string, meta: SourceMeta = {}): Promise<SourceState> {
    return this.db.serial(async () => {
      let row = (await this.db.rows(`SELECT * EXCLUDE (first_seen, updated) FROM ingest_sources WHERE source_key = $1`, [sourceKey]))[0];
      // a source marked complete with nothing stored (left by darkfleet before 0.1.1, e.g. read
      // with the wrong --format) is not done: forget it, so this run reads it afresh
      if (row && row.completed === true && storedOf(totalsOf(row)) === 0) {
        await this.db.run(`DELETE FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
        row = undefined;
      }
      if (!row) {
        await this.db.run(
          `INSERT INTO ingest_sources (source_key, path, format, size_bytes, first_seen, updated, runs, completed,
             byte_offset, line_no, record_index, records_read, positions_inserted, positions_duplicate,
             statics_inserted, statics_duplicate, rejects, source_name)
           VALUES ($1, $2, $3, $4::BIGINT, now()::TIMESTAMP, now()::TIMESTAMP, 1, false,
             NULL, NULL, NULL, 0, 0, 0, 0, 0, '{}', $5)`,
          [sourceKey, meta.path ?? null, meta.format ?? null, meta.sizeBytes ?? null, meta.name ?? null],
        );
        const totals = emptyTotals();
        this.sessions.set(sourceKey, { totals });
        return { resumeFrom: null, alreadyComplete: false, format: meta.format ?? null, totals: { ...totals, rejects: {} } };
      }
      const totals = totalsOf(row);
      const completed = row.completed === true;
      let format = strOrNull(row.format);
      let progress: SourceProgress = {
        byteOffset: numOrNull(row.byte_offset),
        lineNo: numOrNull(row.line_no),
        recordIndex: numOrNull(row.record_index),
      };
      if (!completed) {
        // progress counted in another format's units does not say where this one resumes
        const reformat = meta.format != null && format !== null && meta.format !== format;
        await this.db.run(
          `UPDATE ingest_sources SET runs = runs + 1, updated = now()::TIMESTAMP${reformat ? ', format = $2, byte_offset = NULL, line_no = NULL, record_index = NULL' : ''} WHERE source_key = $1`,
          reformat ? [sourceKey, meta.format ?? null] : [sourceKey],
        );
        if (reformat) {
          format = meta.format ?? null;
          progress = { byteOffset: null, lineNo: null, recordIndex: null };
        }
      }
      const hasProgress = progress.byteOffset !== null || progress.lineNo !== null || progress.recordIndex !== null;
      this.sessions.set(sourceKey, { totals });
      return {
        resumeFrom: hasProgress ? progress : null,
        alreadyComplete: completed,
        format,
        totals: { ...totals, rejects: { ...totals.rejects } },
      };
    });
  }

  writeBatch(batch: Batch): Promise<BatchResult> {
    if (this.db.closed) return Promise.reject(new StoreError(`${this.db.location} is closed`));
    // Two lanes, each its own connection and staging tables: batch k+1 is staged (JS work on
    // the main thread) while batch k commits (DuckDB threads). Commits stay in call order.
    const lane = this.lanes[this.nextLane]!;
    this.nextLane = (this.nextLane + 1) % this.lanes.length;
    const staged = Promise.all([lane.idle, this.stageTail]).then(() => this.stage(lane, batch));
    this.stageTail = staged.catch(() => undefined);
    // the commit takes its place in the statement order now, so calls after this one see it
    const done = this.db.queue(() => staged.then((st) => this.commit(lane, batch, st)));
    lane.idle = done.catch(() => undefined);
    return done;
  }

  /** Appends a batch to the lane's staging tables; source names are registered first. */
  private async stage(lane: Lane, batch: Batch): Promise<Staged> {
    const rejects: Record<string, number> = {};
    try {
      await this.registerNames(lane, batch);
      const sourceId = (name: string): number => this.db.nameIds.get(name)!;
      const pos = lane.positionsChunks.append(positionColumns(batch.positions), sourceId, rejects);
      lane.positionsApp.flushSync();
      const statics = appendStatics(lane.staticsApp, batch.statics, sourceId, rejects);
      lane.staticsApp.flushSync();
      return { positions: pos.appended, positionsRepeated: pos.duplicates, minUs: pos.minUs, maxUs: pos.maxUs, statics, rejects };
    } catch (err) {
      await clearStage(lane);
      throw err instanceof StoreError ? err : new StoreError(`writeBatch failed: ${errMsg(err)}`, undefined, undefined, { cause: err });
    }
  }

  /**
   * New Position.source / VesselStatic.source strings get ids in source_names, committed on their
   * own before the batch: an id that outlives a failed batch is harmless, a batch pointing at a
   * missing name would not be.
   */
  private async registerNames(lane: Lane, batch: Batch): Promise<void> {
    const fresh: string[] = [];
    let last: string | null = null;
    const see = (name: string): void => {
      if (name === last) return;
      last = name;
      if (!this.db.nameIds.has(name) && !fresh.includes(name)) fresh.push(name);
    };
    for (const name of positionSourceNames(batch.positions)) see(name);
    for (const s of batch.statics) see(s.source);
    for (const name of fresh) {
      const id = this.db.nameIds.size + 1;
      await runOn(lane.con, `INSERT INTO source_names VALUES ($1, $2)`, [id, name]);
      this.db.nameIds.set(name, id);
      this.db.names.set(id, name);
    }
  }

  /**
   * Latest stored position time (epoch µs; null: none), read once and then kept up to date by
   * the commits. Never below the truth (deletes only lower it), which is all `insertPositions` needs.
   */
  private storedMaxUs: number | null | undefined = undefined;

  /** Staged positions into the table: anti-join dedupe only for those not later than everything stored. */
  private async insertPositions(lane: Lane, staged: Staged): Promise<number> {
    if (this.storedMaxUs === undefined) {
      const hi = (await rowsOn(lane.con, 'SELECT epoch_us(max(t))::DOUBLE AS hi FROM positions'))[0]?.hi;
      this.storedMaxUs = typeof hi === 'number' ? hi : null;
    }
    const known = this.storedMaxUs;
    // below every valid time: with nothing stored, every row is "later"
    const after = known === null ? -(2 ** 53) : known;
    const checked = known !== null && staged.minUs <= known;
    let n = (await runOn(lane.con, INSERT_POSITIONS_AFTER, [after])).rowsChanged;
    if (checked) n += (await runOn(lane.con, INSERT_POSITIONS, [after])).rowsChanged;
    return n;
  }

  /** One transaction: staged rows into the tables (anti-join dedupe) + the source's progress. */
  private async commit(lane: Lane, batch: Batch, staged: Staged): Promise<BatchResult> {
    let inTx = false;
    try {
      const session = this.sessions.get(batch.sourceKey);
      if (!session) throw new StoreError(`writeBatch: source ${batch.sourceKey} was not begun with beginSource`);
      await runOn(lane.con, 'BEGIN TRANSACTION');
      inTx = true;
      const positionsInserted = staged.positions > 0 ? await this.insertPositions(lane, staged) : 0;
      const staticsInserted = staged.statics > 0 ? (await runOn(lane.con, INSERT_STATICS)).rowsChanged : 0;
      const result: BatchResult = {
        positionsInserted,
        positionsDuplicate: staged.positions - positionsInserted + staged.positionsRepeated,
        staticsInserted,
        staticsDuplicate: staged.statics - staticsInserted,
        rejects: staged.rejects,
      };
      const next = totalsAfter(session.totals, batch, result);
      const p = batch.progress;
      await runOn(
        lane.con,
        `UPDATE ingest_sources SET updated = now()::TIMESTAMP,
           byte_offset = $2::BIGINT, line_no = $3::BIGINT, record_index = $4::BIGINT,
           records_read = $5::BIGINT, positions_inserted = $6::BIGINT, positions_duplicate = $7::BIGINT,
           statics_inserted = $8::BIGINT, statics_duplicate = $9::BIGINT, rejects = $10
         WHERE source_key = $1`,
        [
          batch.sourceKey,
          p.byteOffset ?? null,
          p.lineNo ?? null,
          p.recordIndex ?? null,
          next.read,
          next.positionsInserted,
          next.positionsDuplicate,
          next.staticsInserted,
          next.staticsDuplicate,
          canonicalJson(next.rejects),
        ],
      );
      await runOn(lane.con, 'COMMIT');
      // the newest staged time is now stored (inserted, or it repeated a stored row)
      if (staged.positions > 0 && this.storedMaxUs !== undefined && (this.storedMaxUs === null || staged.maxUs > this.storedMaxUs)) this.storedMaxUs = staged.maxUs;
      inTx = false;
      session.totals = next;
      this.db.tracksCovered = undefined;
      this.sinceTrackFlush += positionsInserted;
      if (this.sinceTrackFlush >= TRACK_FLUSH_ROWS) {
        this.sinceTrackFlush = 0;
        await flushTracks(lane.con);
      }
      return result;
    } catch (err) {
      if (inTx) await runOn(lane.con, 'ROLLBACK').catch(() => undefined);
      throw err instanceof StoreError ? err : new StoreError(`writeBatch failed: ${errMsg(err)}`, undefined, undefined, { cause: err });
    } finally {
      await clearStage(lane);
    }
  }

  /**
   * Ends the ingest of a source. An input is done when its records are stored, not when it was
   * read: with something stored the source is marked complete; with nothing stored (every record
   * rejected, the wrong format) it is forgotten, its rejects with it, so a later run (another
   * --format) reads it afresh and the store is as if this run had not happened.
   */
  async endSource(sourceKey: string, progress?: SourceProgress): Promise<SourceEnd> {
    return this.db.serial(async () => {
      const session = this.sessions.get(sourceKey);
      if (!session) throw new StoreError(`endSource: source ${sourceKey} was not begun with beginSource`);
      const complete = storedOf(session.totals) > 0;
      // the source's positions (and any an older darkfleet left) into track_points
      if (complete && (await flushTracks(this.db.con)) > 0) {
        this.sinceTrackFlush = 0;
        this.db.tracksCovered = undefined;
      }
      if (!complete) {
        await this.db.run(`DELETE FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
      } else if (progress) {
        await this.db.run(
          `UPDATE ingest_sources SET completed = true, updated = now()::TIMESTAMP,
             byte_offset = $2::BIGINT, line_no = $3::BIGINT, record_index = $4::BIGINT WHERE source_key = $1`,
          [sourceKey, progress.byteOffset ?? null, progress.lineNo ?? null, progress.recordIndex ?? null],
        );
      } else {
        await this.db.run(`UPDATE ingest_sources SET completed = true, updated = now()::TIMESTAMP WHERE source_key = $1`, [sourceKey]);
      }
      this.sessions.delete(sourceKey);
      return { ...session.totals, rejects: sortedCounts(session.totals.rejects), complete };
    });
  }

  /**
   * The ingest of a source stopped on an error (unreadable part-way, a bad header). What was
   * committed stays and a later run resumes after it; a source with nothing stored is forgotten
   * as endSource does.
   */
  async abortSource(sourceKey: string): Promise<void> {
    return this.db.serial(async () => {
      const session = this.sessions.get(sourceKey);
      if (!session) return;
      this.sessions.delete(sourceKey);
      if (storedOf(session.totals) === 0) await this.db.run(`DELETE FROM ingest_sources WHERE source_key = $1`, [sourceKey]);
    });
  }
}
