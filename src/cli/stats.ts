/** `darkfleet stats [--db PATH]`: one JSON object with what the store holds. */
import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../store/index.js';
import type { StoreStats } from '../store/types.js';

export async function runStats(db: string): Promise<StoreStats> {
  const store = await openStore(db, { mustExist: true });
  try {
    return await store.stats();
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('stats')
    .description('print positions, statics, vessels, events by type and rejects by reason as JSON')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .action(async (opts: { db: string }) => {
      const stats = await runStats(opts.db);
      process.stdout.write(`${JSON.stringify(stats)}\n`);
    });
}
