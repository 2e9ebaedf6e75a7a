// Bundles the Node side: the browser host CLI, Electron's main and preload scripts, and the two
// worker threads each of them starts (the data service, and the backup copier).
// better-sqlite3 (native) and electron stay external; everything else is bundled.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const dist = process.env.REHABDESK_DIST ?? 'dist';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'electron'],
  define: { __APP_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};
const esm = { format: 'esm', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
const workers = ['service-worker', 'backup-worker'];

await Promise.all([
  build({ ...common, ...esm, entryPoints: ['host/cli.ts'], outfile: `${dist}/node/host-cli.mjs` }),
  ...workers.map((name) => build({ ...common, ...esm, entryPoints: [`host/${name}.ts`], outfile: `${dist}/node/${name}.mjs` })),
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: `${dist}/electron/main.cjs`, format: 'cjs' }),
  ...workers.map((name) => build({ ...common, entryPoints: [`host/${name}.ts`], outfile: `${dist}/electron/${name}.cjs`, format: 'cjs' })),
  // A sandboxed preload may only require('electron'): bundle it whole, as CommonJS.
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: `${dist}/electron/preload.cjs`, format: 'cjs' }),
]);
