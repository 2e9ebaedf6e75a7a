// Mutation testing (`npm run mutate`): plants small bugs in the rule modules, the money and date
// helpers, permissions, the audit chain and the package format, and counts how many the unit
// tests catch. Slow, so not part of `npm test`; run it before changing a rule module and before a release.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'db/*/rules.ts',
    'db/training/roster-rules.ts',
    'db/training/employment-rules.ts',
    'db/common/money.ts',
    'db/common/dates.ts',
    'db/common/cells.ts',
    'db/trust/permissions.ts',
    'db/trust/audit.ts',
    'db/returns/format.ts',
  ],
  testRunner: 'vitest',
  // Only the unit tests, and per mutant only those that cover it.
  vitest: { configFile: 'stryker.vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // MUTATE_NO_CHECKER=1 skips the type check of each mutant (much faster on a busy machine; mutants
  // that would not compile then run and count as killed or survived).
  checkers: process.env.MUTATE_NO_CHECKER ? [] : ['typescript'],
  tsconfigFile: 'tsconfig.stryker.json',
  // Two cores shared by the whole team: one test process at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  // The first run of the whole unit suite, instrumented, on a busy machine.
  dryRunTimeoutMinutes: 60,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: process.env.MUTATE_JSON ?? 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  ignorePatterns: ['dist', 'dist-*', 'release', 'reports', 'test-results', 'bench-results', '*.sqlite'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
