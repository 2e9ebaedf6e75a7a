// Bundles the service and backup threads (host/*-worker.ts) for tests, as scripts/build-node.mjs
// does for the app, into test-results/ (inside the worktree, so node_modules resolves). Once per
// test process.
import path from 'node:path';
import { build } from 'esbuild';

export interface BuiltWorkers {
  serviceWorker: string;
  backupWorker: string;
}

let built: Promise<BuiltWorkers> | null = null;

export function buildWorkers(): Promise<BuiltWorkers> {
  built ??= (async () => {
    const dir = path.resolve('test-results', `workers-${process.pid}`);
    const names = ['service-worker', 'backup-worker'] as const;
    await Promise.all(
      names.map((name) =>
        build({
          entryPoints: [`host/${name}.ts`],
          outfile: path.join(dir, `${name}.cjs`),
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          external: ['better-sqlite3', 'electron'],
          define: { __APP_VERSION__: JSON.stringify('test') },
          logLevel: 'warning',
        }),
      ),
    );
    return { serviceWorker: path.join(dir, 'service-worker.cjs'), backupWorker: path.join(dir, 'backup-worker.cjs') };
  })();
  return built;
}
