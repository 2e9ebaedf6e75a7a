// Builds the renderer (Vue) into dist/renderer; also configures vitest's two projects.
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { readFileSync } from 'node:fs';

// REHABDESK_DIST lets parallel work build into separate folders (default dist/).
const dist = process.env.REHABDESK_DIST ?? 'dist';
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  define: {
    __APP_VERSION__: JSON.stringify(version),
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: `../${dist}/renderer`,
    emptyOutDir: true,
    target: 'chrome120',
    // Inline assets would need data: scripts/styles; keep everything as files for the strict CSP.
    assetsInlineLimit: 0,
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Tests that write whole data files (seeds, backups, packages) take a few seconds on a
          // loaded CI machine; 5 s made them fail at random. Timings are never asserted.
          testTimeout: 30_000,
          globalSetup: ['tests/support/clean-workers.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // The screens answer in well under a second on a quiet PC; a loaded CI machine can take
          // several. Waiting up to 10 s for what the user would see changes no assertion, only the
          // patience (expect.poll's 1 s default made loaded runs fail at random).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
