// The service thread starts without the export and import libraries (issue 13): the app's own
// build (scripts/build-node.mjs) leaves exceljs (with JSZip and archiver) and SheetJS out of what
// dist/node/service-worker.mjs loads at start, and keeps them as chunks it imports on first use.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = path.join('test-results', `build-node-${process.pid}`);
const nodeDir = path.resolve(dist, 'node');

beforeAll(() => {
  const run = spawnSync(process.execPath, ['scripts/build-node.mjs'], { env: { ...process.env, REHABDESK_DIST: dist }, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

/** The files a module loads before it runs: itself and its static imports, transitively. */
function loadedAtStart(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^import\s+(?:[^;]*?\s+from\s+)?"(\.[^"]+)";?$/gms)) loadedAtStart(path.resolve(path.dirname(file), match[1]!), seen);
  return seen;
}

function dynamicImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/\bimport\("(\.[^"]+)"\)/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

// Strings only these libraries hold (their names in licence headers and error texts).
const MARKERS = ['JSZip', 'archiver', 'SheetJS'];

describe('the service thread’s bundle', () => {
  it('loads none of exceljs, JSZip, archiver or SheetJS at start', () => {
    const files = [...loadedAtStart(path.join(nodeDir, 'service-worker.mjs'))];
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const marker of MARKERS) expect({ file: path.basename(file), marker, found: text.includes(marker) }).toEqual({ file: path.basename(file), marker, found: false });
    }
  });

  it('imports them on first use from chunks beside it', () => {
    // What the dynamic imports load, with the chunks those share among themselves.
    const later = new Set<string>();
    for (const file of dynamicImports(path.join(nodeDir, 'service-worker.mjs'))) loadedAtStart(file, later);
    const text = [...later].map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    for (const marker of MARKERS) expect(text).toContain(marker);
  });
});
