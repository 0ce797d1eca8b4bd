/** docs/architecture.md names only files and folders that exist, and the README links it. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

describe('docs/architecture.md', () => {
  it('every repository path it names exists', () => {
    const named = new Set<string>();
    // `src/...`-style paths in code spans, and relative links
    for (const m of doc.matchAll(/`((?:src|test|bench|docs|data)\/[^`\s]*)`/g)) named.add(m[1]!.replace(/\/$/, ''));
    for (const m of doc.matchAll(/\]\(([^)#\s]+)\)/g)) named.add(path.relative(root, path.resolve(root, 'docs', m[1]!)));
    // a folder's own file names in its row: `open.ts` in the src/sources row
    for (const line of doc.split('\n')) {
      const folder = /^\| `(src\/[a-z]+)\/` \|/.exec(line)?.[1];
      if (!folder) continue;
      for (const m of line.matchAll(/`([a-z0-9-]+\/)?([a-z0-9-]+\.ts)`/g)) named.add(`${folder}/${m[1] ?? ''}${m[2]}`);
    }
    expect(named.size).toBeGreaterThan(20);
    const missing = [...named].filter((p) => !existsSync(path.join(root, p)));
    expect(missing).toEqual([]);
    expect(doc).not.toMatch(/\.\.\/shared/);
  });

  it('the README links it', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('(docs/architecture.md)');
  });
});
