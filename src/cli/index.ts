/**
 * The `darkfleet` command line. One file per command in this folder; each exports
 * `register(program)`. Records go to stdout, logs and summaries to stderr.
 *
 * Exit codes, the same for every command (README "Exit codes"): 0 done; 1 runtime failure (an
 * input that failed, a store that cannot be opened; `darkfleet: message [code]`); 2 usage error
 * (one line naming the option, never the help page); 3 nothing found (`no events match`, a
 * vessel not in this store).
 */
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError } from 'commander';
import { DarkfleetError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
type Registrar = (program: Command) => void;

// V8 moves the objects of an allocation site to old space once many of them outlive a young
// collection ("pretenuring"). A replay makes ~10 objects per position that die within a batch,
// but a pause at a window boundary can keep enough of them alive to flip the site, and every
// position after is allocated and collected as old: measured on the 10M bench store, replay
// 15-24 s with it (bimodal), 15-18 s without. Process-wide, so the replay threads get it too.
setFlagsFromString(process.env['DARKFLEET_PRETENURE'] ? '--allocation-site-pretenuring' : '--no-allocation-site-pretenuring');

/**
 * Commands in the order `--help` lists them. Each is loaded only when it runs (or for help),
 * so `decode` does not pay for DuckDB, the sanctions lists or the land model at start-up.
 */
const COMMANDS: Record<string, () => Promise<{ register: Registrar }>> = {
  analyze: () => import('./analyze.js'),
  ingest: () => import('./ingest.js'),
  decode: () => import('./decode.js'),
  events: () => import('./events.js'),
  export: () => import('./export.js'),
  vessel: () => import('./vessel.js'),
  evidence: () => import('./evidence.js'),
  screen: () => import('./screen.js'),
  detections: () => import('./detections.js'),
  stats: () => import('./stats.js'),
  presence: () => import('./presence.js'),
  report: () => import('./report.js'),
  serve: () => import('./serve.js'),
  watch: () => import('./watch.js'),
  worker: () => import('./worker.js'),
  init: () => import('./init.js'),
  geography: () => import('./geography.js'),
  simulate: () => import('./simulate.js'),
  demo: () => import('./demo.js'),
};

export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command();
  program
    .name('darkfleet')
    .description('Find sanctions evasion at sea in AIS data')
    .version(VERSION)
    // usage mistakes are one line naming the option (exit 2), not the help page
    .configureOutput({ outputError: (str, write) => write(oneLine(str)) })
    .exitOverride();
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!()).register(program);
  return program;
}

/** commander's `error: unknown option '--limt'\n(Did you mean --limit?)` as `darkfleet: unknown option '--limt' (Did you mean --limit?)` */
export function oneLine(commanderMessage: string): string {
  return `darkfleet: ${commanderMessage.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim()}\n`;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv[2]);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with 0; usage mistakes (already printed, one line) with 2
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`darkfleet: ${err.message}\n`);
      return 2;
    }
    if (err instanceof DarkfleetError) {
      process.stderr.write(`darkfleet: ${err.message} [${err.code}]\n`);
      return 1;
    }
    throw err;
  }
}
