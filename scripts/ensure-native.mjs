// Makes sure better-sqlite3 is built for this Node (it may have been rebuilt for Electron by
// `npm start`); rebuilds it from source when it is not.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (error) {
  if (!/NODE_MODULE_VERSION|was compiled against a different Node.js version/.test(String(error))) throw error;
  console.log('better-sqlite3 was built for Electron; rebuilding it for Node…');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
