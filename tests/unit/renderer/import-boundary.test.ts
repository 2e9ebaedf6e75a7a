// The renderer's import boundary is an allowlist the linter enforces, .vue files included: a view
// that imports better-sqlite3 or db/service.ts fails lint; one importing db/common/money.ts passes.
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RULE = 'rehabdesk/renderer-imports';
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary rule's messages for `code` planted at `file` (which need not exist). */
async function boundary(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === RULE || m.fatal).map((m) => m.message);
}

const view = (imports: string) => `<script setup lang="ts">
// A planted view.
${imports}
</script>

<template>
  <p>{{ value }}</p>
</template>
`;

describe('the renderer import boundary', () => {
  it('refuses a view that imports better-sqlite3', async () => {
    const messages = await boundary('renderer/views/people/Planted.vue', view("import Database from 'better-sqlite3';\nconst value = new Database(':memory:');"));
    expect(messages).toEqual([expect.stringContaining('"better-sqlite3"')]);
  }, 60_000);

  it('refuses a view that imports db/service.ts, and a store that imports node:fs or exceljs', async () => {
    expect(await boundary('renderer/views/people/Planted.vue', view("import { createService } from '../../../db/service';\nconst value = createService;"))).toEqual([
      expect.stringContaining('db/service.ts'),
    ]);
    expect(await boundary('renderer/stores/planted.ts', "import fs from 'node:fs';\nimport ExcelJS from 'exceljs';\nexport const x = [fs, ExcelJS];\n")).toHaveLength(2);
  }, 60_000);

  it('lets a view import a pure module (money), its own components and vue; type-only imports pass', async () => {
    const code = view(
      "import { ref } from 'vue';\nimport { formatFen } from '../../../db/common/money';\nimport type { Db } from '../../../db/open';\nimport TextField from '../../components/TextField.vue';\nconst value = ref(formatFen(100));\nexport type X = Db | typeof TextField;",
    );
    expect(await boundary('renderer/views/people/Planted.vue', code)).toEqual([]);
  }, 60_000);

  it('keeps the pure modules pure: a rules file may not import the database or Node', async () => {
    const messages = await boundary('db/people/rules.ts', "// Planted.\nimport { openDatabase } from '../open';\nimport fs from 'node:fs';\nimport { z } from 'zod';\nexport const x = [openDatabase, fs, z];\n");
    expect(messages).toEqual([expect.stringContaining('db/open.ts'), expect.stringContaining('"node:fs"')]);
  }, 60_000);
});
