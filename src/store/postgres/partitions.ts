/**
 * Day partitions of the positions table, created as data arrives. Why days: the dedupe key's
 * index is per partition, so a day's index stays small and in cache while a feed appends to it
 * (a month of a busy feed is ~100M rows), a time-bounded read opens only the days it covers, and
 * old days can be detached or dropped whole. Stores of scattered historical files get one
 * partition per day that holds data, not per day of the span.
 *
 * Creation runs in a short transaction of its own under an advisory lock, so concurrent writers
 * (scale-out workers) create each partition once.
 */
import { quoteIdent, type PgDb } from './db.js';

export const DAY_MS = 86_400_000;

/** Partition name of the UTC day holding `dayIndex` (days since the epoch): positions_p20240301. */
export function partitionName(dayIndex: number): string {
  return `positions_p${new Date(dayIndex * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

export class Partitions {
  /** day indexes known to have a partition */
  private readonly known = new Set<number>();

  constructor(private readonly db: PgDb) {}

  async load(): Promise<void> {
    const rows = await this.db.rows(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'positions'::regclass`,
    );
    for (const r of rows) {
      const m = /^positions_p(\d{4})(\d{2})(\d{2})$/.exec(String(r.relname));
      if (m) this.known.add(Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS));
    }
  }

  /** Makes sure a partition exists for each day index (call on the main connection, outside a transaction). */
  async ensure(days: Iterable<number>): Promise<void> {
    const missing = [...new Set(days)].filter((d) => !this.known.has(d)).sort((a, b) => a - b);
    if (missing.length === 0) return;
    await this.db.transaction(async () => {
      await this.db.query(`SELECT pg_advisory_xact_lock(hashtext('darkfleet:partitions:' || current_schema()))`);
      for (const d of missing) {
        const from = new Date(d * DAY_MS).toISOString();
        const to = new Date((d + 1) * DAY_MS).toISOString();
        await this.db.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(partitionName(d))} PARTITION OF positions FOR VALUES FROM ('${from}') TO ('${to}')`);
      }
    });
    for (const d of missing) this.known.add(d);
  }
}
