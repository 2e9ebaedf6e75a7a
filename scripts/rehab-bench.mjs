// Runs scripts/rehab-bench.ts (bundled with esbuild, as the app's Node side is):
//   node scripts/rehab-bench.mjs [sessions=1000000]
// Prints p50/p95 server times of the rehab calls on a data file of that many sessions.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Inside node_modules so the bundle resolves better-sqlite3 from the project.
const out = path.resolve('node_modules/.cache/rehab-bench/bench.mjs');
await build({
  entryPoints: ['scripts/rehab-bench.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: out,
  external: ['better-sqlite3'],
  define: { __APP_VERSION__: '"bench"' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
try {
  await import(pathToFileURL(out).href);
} finally {
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
}
