/** The CLI from source (tsx), for the live tests that spawn watch and worker processes. */
import { main } from '../../src/cli/index.js';

process.exitCode = await main(process.argv);
