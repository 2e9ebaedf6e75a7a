// The standards of the issue as rule tables: a Hunan county's and Zhejiang's child rehab relief.
import type { RehabRuleRow, RehabStandard } from '../../../db/claims/rules';

export const row = (over: Partial<RehabRuleRow>): RehabRuleRow => ({
  category: 'any',
  ageFrom: 0,
  ageTo: 7,
  monthlyFen: 0,
  lumpSumFen: 0,
  maxMonthsPerYear: null,
  yearlyCapFen: null,
  proration: 'days',
  fullMonthMin: 16,
  extensions: [],
  ...over,
});

/** Hunan county: visual 1,000 yuan a year; other categories 1,500 a month, at most 10 months; 7–14: 500 a month. */
export const HUNAN: RehabStandard = {
  kind: 'standard',
  requireApproval: true,
  requireCertificate: false,
  rows: [
    row({ category: 'visual', ageFrom: 0, ageTo: 7, lumpSumFen: 100_000, proration: 'none', fullMonthMin: 1 }),
    row({ category: 'any', ageFrom: 0, ageTo: 7, monthlyFen: 150_000, maxMonthsPerYear: 10 }),
    row({ category: 'any', ageFrom: 7, ageTo: 15, monthlyFen: 50_000, maxMonthsPerYear: 10 }),
  ],
};

/** Zhejiang: up to 2,400 yuan a month by sessions (20 a month for the full amount); to 8 when not at school, to 16 after limb-correction surgery. */
export const ZHEJIANG: RehabStandard = {
  kind: 'standard',
  requireApproval: true,
  requireCertificate: false,
  rows: [
    row({
      category: 'any',
      monthlyFen: 240_000,
      proration: 'sessions',
      fullMonthMin: 20,
      extensions: [
        { reason: 'not_in_school', toAge: 8 },
        { reason: 'limb_surgery', toAge: 16 },
      ],
    }),
  ],
};

