// Post-build check: the script the first screen loads (index.html's module script and anything it
// preloads) stays small, so start-up is quick; screens load their own code on demand. Prints the
// gzip size and fails the build above the limit (issue 13: 150 kB gzip).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const LIMIT_KB = 150;
const dir = path.join(process.env.REHABDESK_DIST ?? 'dist', 'renderer');
const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((m) => m[1]);
if (scripts.length === 0) {
  console.error(`no module script found in ${path.join(dir, 'index.html')}`);
  process.exit(1);
}
let raw = 0;
let gzip = 0;
for (const src of scripts) {
  const bytes = fs.readFileSync(path.join(dir, src));
  raw += bytes.length;
  gzip += zlib.gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => (n / 1000).toFixed(1);
const line = `first script ${scripts.map((s) => path.basename(s)).join(' + ')}: ${kb(raw)} kB, gzip ${kb(gzip)} kB (limit ${LIMIT_KB} kB gzip)`;
if (gzip > LIMIT_KB * 1000) {
  console.error(`${line} — too large: load the code a screen needs with import() where the screen is declared`);
  process.exit(1);
}
console.log(line);
