/**
 * `darkfleet init [--db PATH]`: create an empty store on purpose. No other command leaves an
 * empty store behind: `ingest` creates one only when it stores something, read commands and
 * `analyze` without inputs refuse a missing one.
 */
import type { Command } from 'commander';
import { DEFAULT_DB, initStore } from '../store/index.js';

export async function runInit(db: string): Promise<{ db: string; created: boolean }> {
  return { db, created: await initStore(db) };
}

export function register(program: Command): void {
  program
    .command('init')
    .description('create an empty store (an existing one is checked and left as it is)')
    .option('--db <path>', 'store file', DEFAULT_DB)
    .action(async (opts: { db: string }) => {
      const r = await runInit(opts.db);
      process.stderr.write(`darkfleet: ${r.created ? `created an empty store at ${r.db}` : `${r.db} is already a store; left as it is`}\n`);
      process.stdout.write(`${JSON.stringify(r)}\n`);
    });
}
