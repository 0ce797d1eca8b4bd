/**
 * Child process of crash.test.ts: ingests a deterministic synthetic feed into a DuckDB store
 * as one source, batch by batch, printing "committed N" after each batch. Killed and run again,
 * it must resume where the last committed batch ended.
 * usage: node --import tsx test/store/crash-writer.ts DB TOTAL BATCH
 */
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { Synth } from './synth.js';

const [db, totalArg, batchArg] = process.argv.slice(2);
if (!db || !totalArg || !batchArg) {
  process.stderr.write('usage: crash-writer.ts DB TOTAL BATCH\n');
  process.exit(2);
}
const total = Number(totalArg);
const batchSize = Number(batchArg);
const key = 'synth:crash-test';
const syn = new Synth({ vessels: 2000, dupEvery: 50, staticEvery: 40 });

const store = await openDuckDbStore(db, { threads: 2 });
const state = await store.beginSource(key, { path: 'synthetic', format: 'synth' });
process.stdout.write(`start ${state.alreadyComplete ? 'complete' : (state.resumeFrom?.recordIndex ?? 0)}\n`);
if (!state.alreadyComplete) {
  let i = state.resumeFrom?.recordIndex ?? 0;
  while (i < total) {
    const j = Math.min(total, i + batchSize);
    // reader rejects as a function of the record index, so any batching sums the same
    let checksum = 0;
    for (let k = i; k < j; k++) if (k % 97 === 0) checksum++;
    await store.writeBatch({ sourceKey: key, ...syn.slice(i, j), rejects: { checksum }, read: j - i, progress: { recordIndex: j } });
    process.stdout.write(`committed ${j}\n`);
    i = j;
  }
  await store.endSource(key);
}
await store.close();
process.stdout.write('done\n');
