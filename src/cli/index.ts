/**
 * The `darkfleet` command line. One file per command in this folder; each exports
 * `register(program)`. Records go to stdout, logs and summaries to stderr.
 */
import { Command, CommanderError } from 'commander';
import { DarkfleetError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
type Registrar = (program: Command) => void;

/**
 * Commands in the order `--help` lists them. Each is loaded only when it runs (or for help),
 * so `decode` does not pay for DuckDB, the sanctions lists or the land model at start-up.
 */
const COMMANDS: Record<string, () => Promise<{ register: Registrar }>> = {
  analyze: () => import('./analyze.js'),
  ingest: () => import('./ingest.js'),
  decode: () => import('./decode.js'),
  events: () => import('./events.js'),
  vessel: () => import('./vessel.js'),
  screen: () => import('./screen.js'),
  stats: () => import('./stats.js'),
  serve: () => import('./serve.js'),
  simulate: () => import('./simulate.js'),
  demo: () => import('./demo.js'),
};

export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command();
  program
    .name('darkfleet')
    .description('Find sanctions evasion at sea in AIS data')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  const names = only && COMMANDS[only] ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!()).register(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv[2]);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with 0; usage mistakes already printed by commander
      return err.exitCode;
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
