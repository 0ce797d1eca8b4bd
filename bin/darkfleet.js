#!/usr/bin/env node
// Runs the compiled CLI (built by `npm run build`, which `npm install`/`npm ci` run through `prepare`).
import { main } from '../dist/cli/index.js';

main(process.argv).then(
  (code) => { process.exitCode = code ?? 0; },
  (err) => {
    process.stderr.write(`darkfleet: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
