/**
 * `npm run bench -- NAME [args]` runs bench/NAME.ts. Each bench prints its figures
 * and, as its LAST stdout line, one JSON object with its results.
 */
const [name, ...rest] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: npm run bench -- <decode|ingest|analyze|screen|api> [args]\n');
  process.exit(2);
}
if (!/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write(`bad bench name: ${name}\n`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { run: (args: string[]) => Promise<void> };
await mod.run(rest);
