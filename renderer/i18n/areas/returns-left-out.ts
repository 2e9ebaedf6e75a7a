// Texts of the office's left-out people screen (returns.leftOutList.*), Chinese first, English with the
// same keys. They travel with the screen's own chunk (merged when it loads), not in the first script.
import type { Shape } from '../shape';

const zh = {
  title: '不漏一人：核查发现的人员名单',
  intro: '各机构上报包中“不漏一人”核查发现的人员，可按核查项和机构筛选。同一人在本期多个机构都被列出时注明。',
  check: '核查项',
  centre: '机构',
  allChecks: '全部核查项',
  allCentres: '全部机构',
  reason: '原因',
  id: '身份证号或代码',
  keyHash: '代码 {hash}…',
  elsewhere: '其他机构',
  alsoAt: '另有 {n} 个机构也列出此人',
  onlyHere: '—',
  summary: '共 {total} 条，第 {from}–{to} 条',
  none: '没有符合条件的人员',
  noChecks: '本期没有机构上报“不漏一人”核查（旧版程序上报的包不含这些名单）。',
  pages: '分页',
  previous: '上一页',
  next: '下一页',
  reasons: {
    LEFT_OUT_CARE_ALLOWANCE: '一、二级残疾，未记护理补贴',
    LEFT_OUT_LIVING_ALLOWANCE: '本人为低保或特困，未记生活补贴',
    LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD: '同户家人为低保或特困，未记生活补贴',
    LEFT_OUT_CHILD_REHAB: '0–6 岁持证，未在康复',
    LEFT_OUT_NEVER_CONTACTED: '劳动年龄，未就业，没有任何联系记录',
    LEFT_OUT_NOT_CONTACTED: '劳动年龄，未就业，久未联系',
    LEFT_OUT_CERT_EXPIRED: '证件到期，未换领',
  },
  otherReason: '其他（{code}）',
};

const en: Shape<typeof zh> = {
  title: 'Nobody left out: the people found',
  intro: 'The people the centres’ left-out checks found, as their packages carry them, by check and centre. A person listed by more than one centre this period is marked.',
  check: 'Check',
  centre: 'Centre',
  allChecks: 'All checks',
  allCentres: 'All centres',
  reason: 'Reason',
  id: 'ID number or code',
  keyHash: 'Code {hash}…',
  elsewhere: 'Other centres',
  alsoAt: 'Also listed by {n} other centre | Also listed by {n} other centres',
  onlyHere: '—',
  summary: '{total} in all, {from}–{to} shown',
  none: 'Nobody matches these filters',
  noChecks: 'No centre sent the left-out checks for this period (packages from older versions do not carry these lists).',
  pages: 'Pages',
  previous: 'Previous',
  next: 'Next',
  reasons: {
    LEFT_OUT_CARE_ALLOWANCE: 'Level 1 or 2, no care allowance recorded',
    LEFT_OUT_LIVING_ALLOWANCE: 'On 低保 or 特困, no living allowance recorded',
    LEFT_OUT_LIVING_ALLOWANCE_HOUSEHOLD: 'Household on 低保 or 特困, no living allowance recorded',
    LEFT_OUT_CHILD_REHAB: 'Aged 0–6 with a certificate, not in rehab',
    LEFT_OUT_NEVER_CONTACTED: 'Working age, not employed, never contacted',
    LEFT_OUT_NOT_CONTACTED: 'Working age, not employed, not contacted for long',
    LEFT_OUT_CERT_EXPIRED: 'Certificate expired, not renewed',
  },
  otherReason: 'Other ({code})',
};

export { zh, en };
export default { zh, en };
