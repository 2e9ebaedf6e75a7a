// Bundles the Node side: the browser host CLI, Electron's main and preload scripts, and the two
// worker threads each of them starts (the data service, the backup copier, the return-package writer,
// the log checkpointer).
// better-sqlite3 (native) and electron stay external; everything else is bundled. Electron's
// CommonJS workers cannot be split: there the export and import libraries are bundled but only
// evaluated on first use (esbuild turns the dynamic import() into a lazy require).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const dist = process.env.REHABDESK_DIST ?? 'dist';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// zod's classic API re-exports every locale (z.locales, 366 kB) and the JSON-schema converters; the
// service never words a message with zod (errors are coded and the renderer words them), so the
// locales namespace resolves to English only and the service thread parses a third less code.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: new URL('./zod-locales-en.mjs', import.meta.url).pathname } : undefined,
    );
  },
};
const common = {
  bundle: true,
  plugins: [zodEnglishOnly],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'electron'],
  define: { __APP_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};
const esm = { format: 'esm', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } };
const workers = ['service-worker', 'backup-worker', 'package-worker', 'checkpoint-worker'];

await Promise.all([
  // One ESM build with code splitting: what the service needs only for an export or an import
  // (exceljs with jszip and archiver, SheetJS) is a chunk of its own that the worker reads on
  // first use, so the service thread starts without parsing them.
  build({
    ...common,
    ...esm,
    entryPoints: { 'host-cli': 'host/cli.ts', ...Object.fromEntries(workers.map((name) => [name, `host/${name}.ts`])) },
    outdir: `${dist}/node`,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: `${dist}/electron/main.cjs`, format: 'cjs' }),
  ...workers.map((name) => build({ ...common, entryPoints: [`host/${name}.ts`], outfile: `${dist}/electron/${name}.cjs`, format: 'cjs' })),
  // A sandboxed preload may only require('electron'): bundle it whole, as CommonJS.
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: `${dist}/electron/preload.cjs`, format: 'cjs' }),
]);
