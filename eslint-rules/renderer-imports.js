// The renderer's import boundary as an allowlist: the renderer (its .ts and .vue files) may import
// its own files, a few browser packages and the pure modules of db/ listed here; those pure
// modules may import only each other, zod and papaparse. Anything else (db/service.ts,
// better-sqlite3, node:*, electron, exceljs…) is an error. Type-only imports are allowed: they
// vanish at build time and bring no code into the renderer.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The pure modules: plain data and rules, no I/O, no Node. Their purity is visible here, by name;
 * a new pure module is added to this list (and then may import only what the list holds).
 */
export const PURE_MODULES = [
  'db/call.ts',
  'db/contract.ts',
  'db/errors.ts',
  'db/schemas.ts',
  'db/common/*.ts',
  'db/*/contract.ts',
  'db/*/rules.ts',
  'db/trust/permissions.ts',
  'db/trust/audit-view.ts',
  'db/training/employment-rules.ts',
];

/** Packages the pure modules may import. */
export const PURE_PACKAGES = ['zod', 'papaparse'];

/** Packages the renderer may import besides the pure ones: the browser app's own libraries. */
export const RENDERER_PACKAGES = [...PURE_PACKAGES, 'vue', 'vue-router', 'vue-i18n', 'pinia', 'chart.js', '@tanstack/vue-virtual'];

const globToRegExp = (glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
const PURE = PURE_MODULES.map(globToRegExp);

/** Repo-relative path with forward slashes. */
const relative = (file) => path.relative(ROOT, file).split(path.sep).join('/');

export const isPureModule = (file) => PURE.some((pattern) => pattern.test(relative(file)));

/** The file a relative import names: as written, or with .ts, .vue, /index.ts (and .js written for .ts). */
function resolveRelative(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.vue`, path.join(base, 'index.ts')];
  if (base.endsWith('.js')) candidates.unshift(`${base.slice(0, -3)}.ts`);
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? `${base}.ts`;
}

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A declaration whose every imported name is `type`, or `import type …`. */
function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'The renderer imports only its own files, its browser packages and the pure modules of db/ (an allowlist).' },
    schema: [],
    messages: {
      package: '{{who}} may not import the package "{{name}}": allowed are {{allowed}}.',
      module: '{{who}} may not import {{target}}: it is not a pure module (see PURE_MODULES in eslint-rules/renderer-imports.js).',
    },
  },
  create(context) {
    const file = context.filename;
    const inRenderer = relative(file).startsWith('renderer/');
    const pure = isPureModule(file);
    if (!inRenderer && !pure) return {};
    const who = inRenderer ? 'The renderer' : 'A pure module';
    const packages = inRenderer ? RENDERER_PACKAGES : PURE_PACKAGES;

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolveRelative(file, specifier);
        const where = relative(target);
        if (inRenderer && where.startsWith('renderer/')) return;
        if (isPureModule(target)) return;
        context.report({ node: source, messageId: 'module', data: { who, target: where } });
        return;
      }
      const name = packageOf(specifier);
      if (!packages.includes(name)) context.report({ node: source, messageId: 'package', data: { who, name: specifier, allowed: packages.join(', ') } });
    }

    return {
      ImportDeclaration: (node) => typeOnly(node) || check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && !typeOnly(node) && check(node, node.source),
      ExportAllDeclaration: (node) => node.exportKind === 'type' || check(node, node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source),
    };
  },
};

export default { rules: { 'renderer-imports': rule } };
