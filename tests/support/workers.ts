// Bundles the service, backup and package threads (host/*-worker.ts) and the browser host's CLI for tests,
// as scripts/build-node.mjs does for the app, into test-results/ (inside the worktree, so
// node_modules resolves). Once per test process; tests/support/clean-workers.ts removes them after the run.
import path from 'node:path';
import { build } from 'esbuild';

export interface BuiltWorkers {
  serviceWorker: string;
  backupWorker: string;
  packageWorker: string;
  checkpointWorker: string;
  /** The browser host's CLI, with the two workers beside it as in dist/node. */
  hostCli: string;
}

let built: Promise<BuiltWorkers> | null = null;

export function buildWorkers(): Promise<BuiltWorkers> {
  built ??= (async () => {
    const dir = path.resolve('test-results', `workers-${process.pid}`);
    const entries = { 'service-worker': 'host/service-worker.ts', 'backup-worker': 'host/backup-worker.ts', 'package-worker': 'host/package-worker.ts', 'checkpoint-worker': 'host/checkpoint-worker.ts', 'host-cli': 'host/cli.ts' };
    await Promise.all(
      Object.entries(entries).map(([name, entry]) =>
        build({
          entryPoints: [entry],
          outfile: path.join(dir, `${name}.mjs`),
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'esm',
          banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
          external: ['better-sqlite3', 'electron'],
          define: { __APP_VERSION__: JSON.stringify('test') },
          logLevel: 'warning',
        }),
      ),
    );
    return {
      serviceWorker: path.join(dir, 'service-worker.mjs'),
      backupWorker: path.join(dir, 'backup-worker.mjs'),
      packageWorker: path.join(dir, 'package-worker.mjs'),
      checkpointWorker: path.join(dir, 'checkpoint-worker.mjs'),
      hostCli: path.join(dir, 'host-cli.mjs'),
    };
  })();
  return built;
}
