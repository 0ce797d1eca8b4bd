import path from 'node:path';
import { openDuckDbStore } from '../../src/store/duckdb/index.js';
import { storeContract } from './contract.js';

storeContract('duckdb', (dir) => openDuckDbStore(path.join(dir, 'store.duckdb'), { threads: 2 }));
