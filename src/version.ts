import { readFileSync } from 'node:fs';

/**
 * The package version: `darkfleet --version`, and the store's meta table (`events_version`,
 * the version that last wrote events: src/store/duckdb/events.ts). Events themselves carry
 * their rule and parameters but no version: the event JSON schema (src/events.ts) is a contract.
 */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
