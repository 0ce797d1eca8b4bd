import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { storeContract } from './contract.js';

storeContract('duckdb', (dir) => {
  mkdirSync(dir, { recursive: true });
  return openDuckDbStore(path.join(dir, 'store.duckdb'), { threads: 2 });
});
