/**
 * The `darkfleet` command line. One file per command in this folder; each exports
 * `register(program)`. Records go to stdout, logs and summaries to stderr.
 */
import { Command, CommanderError } from 'commander';
import { DarkfleetError, UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import { register as registerDecode } from './decode.js';
import { register as registerDemo } from './demo.js';
import { register as registerScreen } from './screen.js';
import { register as registerSimulate } from './simulate.js';
import { register as registerStats } from './stats.js';
import { register as registerIngest } from './ingest.js';
import { register as registerEvents } from './events.js';
import { register as registerVessel } from './vessel.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('darkfleet')
    .description('Find sanctions evasion at sea in AIS data')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerDecode(program);
  registerDemo(program);
  registerScreen(program);
  registerSimulate(program);
  registerStats(program);
  registerIngest(program);
  registerEvents(program);
  registerVessel(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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
