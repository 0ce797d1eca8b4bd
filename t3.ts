import { Command } from 'commander';
import { register } from './src/cli/screen.js';
const p = new Command(); register(p);
await p.parseAsync(process.argv);
