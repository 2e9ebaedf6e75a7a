// The claims area's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import { BUILTIN_COURSE_TYPES } from '../training/rules';
import { getSetting } from '../settings';
import { CUSTOM_TYPES_KEY } from '../training/course-types';
import type { ClaimRules, claimsCalls } from './contract';
import { createBase } from './base';
import { createBuild } from './build';
import { createBatches } from './batches';
import { startExport } from './export';
import { report, startReportExport } from './report';
import { createRuleFiles } from './rulefiles';
import { fullIdsFor } from '../trust/permissions';
import { ruleOn, type Programme } from './rules';

export function claimsHandlers(ctx: AreaContext): Handlers<typeof claimsCalls> {
  const base = createBase(ctx);
  const build = createBuild(base);
  const batches = createBatches(base, build);
  const ruleFiles = createRuleFiles(ctx, base);

  function rules(programme: Programme): ClaimRules {
    const versions = base.versions(programme);
    const custom = getSetting<{ code: string; name: string }[]>(ctx.db, CUSTOM_TYPES_KEY, '9999-12-31', []);
    return {
      programme,
      versions,
      current: ruleOn(versions, ctx.clock.today())?.rule ?? null,
      centreName: base.centreName(),
      courseTypes: [...BUILTIN_COURSE_TYPES.map((code) => ({ code, name: '' })), ...custom],
    };
  }

  return {
    'claims.rules.get': (input) => rules(input.programme),
    'claims.rules.save': (input) => {
      base.saveRule(input.programme, input.effectiveFrom, input.rule);
      return rules(input.programme);
    },
    'claims.standard.save': (input) => {
      base.saveRule('rehab', input.effectiveFrom, input.rule);
      return rules('rehab');
    },
    'claims.centre.save': (input) => {
      base.saveCentreName(input.centreName);
      return { centreName: input.centreName };
    },
    'claims.batches.list': (input) => batches.list(input),
    'claims.batches.get': (input) => batches.get(input.id),
    'claims.batches.create': (input) => batches.create(input.programme, input.period),
    'claims.batches.refresh': (input) => batches.refresh(input.id, input.version),
    'claims.batches.remove': (input) => batches.remove(input.id, input.version),
    'claims.batches.submit': (input) => batches.submit(input.id, input.version),
    'claims.batches.approve': (input) => batches.approve(input.id, input.version, input.decidedOn),
    'claims.batches.reject': (input) => batches.reject(input.id, input.version, input.decidedOn, input.reason),
    'claims.batches.reopen': (input) => batches.reopen(input.id, input.version),
    'claims.batches.pay': (input) => batches.pay(input.id, input.version, input.paidOn, input.voucherNo),
    'claims.batches.export': (input, caller) => startExport(ctx, input.batchId, input.labels, fullIdsFor(caller)),
    'claims.lines.exclude': (input) => batches.exclude(input.id, input.reason),
    'claims.lines.include': (input) => batches.include(input.id),
    'claims.lines.page': (input) => batches.page(input.batchId, input.afterSeq, input.limit),
    'claims.lines.explain': (input) => batches.explain(input.id),
    'claims.lines.search': (input) => batches.searchAdjustable(input.programme, input.q),
    'claims.reasons.list': () => batches.reasons(),
    'claims.reasons.add': (input) => batches.addReason(input.label),
    'claims.lines.answer': (input) => batches.answer(input),
    'claims.lines.reclaimable': (input) => batches.reclaimable(input.programme),
    'claims.lines.reclaim': (input) => batches.reclaim(input),
    'claims.report': (input) => report(ctx, input.year, input.programme),
    'claims.report.export': (input) => startReportExport(ctx, input.year, input.programme, input.labels),
    'claims.ruleFile.export': (input) => ruleFiles.exportFile(input),
    'claims.ruleFile.preview': (input) => ruleFiles.preview(input.text),
    'claims.ruleFile.import': (input) => {
      const programme = ruleFiles.importFile(input.text);
      return rules(programme);
    },
    'claims.adjustments.preview': (input) => batches.preview(input.lineId),
    'claims.adjustments.add': (input) => batches.addAdjustment(input),
    'claims.adjustments.remove': (input) => batches.removeAdjustment(input.id),
  };
}
