// Builds the offline map (web/) into web/dist, which `darkfleet serve` answers at `/`
// (src/api/routes/static.ts). Relative asset paths, so the page works under any origin.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB; served from loopback, one file is fine
    chunkSizeWarningLimit: 2000,
    // the world-atlas land file and MapLibre's worker stay separate files, never inlined
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
