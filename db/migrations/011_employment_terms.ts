// 011: employment in the national terms (issue 16): the real-name dictionaries as data with
// effective dates, placements mapped onto the 就业形式 of the yearly dynamic survey (国统制[2016]57号),
// the national fields of training classes, job seekers, employers' yearly quota figures,
// public-welfare post totals, entrepreneurship support and awards.
//
// Placement types are mapped to the survey's 就业形式 codes; the old value stays in legacy_type:
//   centralised    集中就业        → centralised    集中就业
//   quota          按比例就业      → quota          按比例就业
//   assisted       辅助性就业      → assisted       辅助性就业
//   supported      支持性就业      → quota          按比例就业 (a job with an ordinary employer, counted in its quota)
//   self_employed  自主创业        → individual     个体就业含自主创业
//   flexible       灵活就业        → flexible       灵活就业含社区与居家
//   home_based     居家就业        → flexible       灵活就业含社区与居家
//   public_welfare 公益性岗位      → public_welfare 公益性岗位
// (No earlier type was 农村种养加 (rural): it is new.) tests/unit/training/terms.test.ts pins the mapping.

/** One dictionary entry: [code, 中文, English]. Sort order is the order written here. */
type Entry = readonly [string, string, string];

const DICTIONARIES: Record<string, readonly Entry[]> = {
  // 就业形式, as the dynamic survey names them.
  employment_form: [
    ['quota', '按比例就业', 'Quota employment'],
    ['centralised', '集中就业', 'Centralised employment'],
    ['individual', '个体就业含自主创业', 'Individual business, incl. own start-up'],
    ['public_welfare', '公益性岗位', 'Public-welfare post'],
    ['assisted', '辅助性就业', 'Assisted employment'],
    ['rural', '农村种养加', 'Rural farming and processing'],
    ['flexible', '灵活就业含社区与居家', 'Flexible work, incl. community and home-based'],
  ],
  // 国民经济行业分类 GB/T 4754-2017, sections A–T.
  industry: [
    ['A', '农、林、牧、渔业', 'Agriculture, forestry, animal husbandry and fishery'],
    ['B', '采矿业', 'Mining'],
    ['C', '制造业', 'Manufacturing'],
    ['D', '电力、热力、燃气及水生产和供应业', 'Electricity, heat, gas and water production and supply'],
    ['E', '建筑业', 'Construction'],
    ['F', '批发和零售业', 'Wholesale and retail trade'],
    ['G', '交通运输、仓储和邮政业', 'Transport, storage and postal services'],
    ['H', '住宿和餐饮业', 'Accommodation and catering'],
    ['I', '信息传输、软件和信息技术服务业', 'Information transmission, software and IT services'],
    ['J', '金融业', 'Finance'],
    ['K', '房地产业', 'Real estate'],
    ['L', '租赁和商务服务业', 'Leasing and business services'],
    ['M', '科学研究和技术服务业', 'Scientific research and technical services'],
    ['N', '水利、环境和公共设施管理业', 'Water, environment and public facilities management'],
    ['O', '居民服务、修理和其他服务业', 'Residential, repair and other services'],
    ['P', '教育', 'Education'],
    ['Q', '卫生和社会工作', 'Health and social work'],
    ['R', '文化、体育和娱乐业', 'Culture, sports and entertainment'],
    ['S', '公共管理、社会保障和社会组织', 'Public administration, social security and social organisations'],
    ['T', '国际组织', 'International organisations'],
  ],
  // 就业途径
  job_route: [
    ['federation', '残联推荐', 'Referred by the disabled persons’ federation'],
    ['public_service', '公共就业服务机构介绍', 'Public employment service'],
    ['job_fair', '专场招聘会', 'Job fair'],
    ['self', '自主求职', 'Found it themselves'],
    ['relatives', '亲友介绍', 'Through family or friends'],
    ['other', '其他', 'Other'],
  ],
  // 劳动合同
  contract: [
    ['fixed', '固定期限劳动合同', 'Fixed-term labour contract'],
    ['open', '无固定期限劳动合同', 'Open-ended labour contract'],
    ['task', '以完成一定工作任务为期限的劳动合同', 'Contract for a task'],
    ['service', '劳务协议', 'Service agreement'],
    ['none', '未签订', 'None signed'],
  ],
  // 社会保险
  social_insurance: [
    ['employee', '职工社会保险', 'Employee social insurance'],
    ['resident', '城乡居民社会保险', 'Urban and rural residents’ insurance'],
    ['none', '未参保', 'Not insured'],
  ],
  // 未就业原因
  not_employed_reason: [
    ['studying', '在校学习', 'In education'],
    ['lost_ability', '丧失劳动能力', 'Unable to work'],
    ['employer_reason', '因单位原因失去工作', 'Lost work for the employer’s reasons'],
    ['own_reason', '因本人原因失去原工作', 'Left work for own reasons'],
    ['land_taken', '承包土地被征用', 'Contracted land requisitioned'],
    ['never_worked', '毕业后未工作', 'Not worked since leaving school'],
    ['other', '其他', 'Other'],
  ],
  // 培训周期
  training_cycle: [
    ['long', '长期', 'Long'],
    ['medium', '中期', 'Medium'],
    ['short', '短期', 'Short'],
  ],
  // 创业扶持方式
  support_kind: [
    ['equipment', '设备扶持', 'Equipment'],
    ['funds', '资金扶持', 'Funds'],
    ['training', '创业培训', 'Start-up training'],
  ],
  // 创业奖励 (the Dezhou plan: 自主创业标兵 and 致富能手)
  award_level: [
    ['model', '自主创业标兵', 'Self-employment model'],
    ['achiever', '致富能手', 'Prosperity achiever'],
  ],
};

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const TERM_ROWS = Object.entries(DICTIONARIES)
  .flatMap(([dict, entries]) => entries.map(([code, zh, en], i) => `(${quote(dict)}, ${quote(code)}, ${i + 1}, ${quote(zh)}, ${quote(en)}, '0000-01-01')`))
  .join(',\n  ');

/** A trigger refusing to change or delete a record a live line of a submitted claim rests on. */
function claimGuard(name: string, event: string, table: string, prefix: string): string {
  return `
CREATE TRIGGER ${name} BEFORE ${event} ON ${table}
WHEN EXISTS (SELECT 1 FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
  WHERE l.programme = 'training' AND l.service_key = '${prefix}:' || OLD.id AND l.live = 1 AND b.status IN ('submitted', 'approved', 'paid'))
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT b.number FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id
    WHERE l.programme = 'training' AND l.service_key = '${prefix}:' || OLD.id AND l.live = 1 AND b.status IN ('submitted', 'approved', 'paid')
    ORDER BY b.number LIMIT 1));
END;`;
}

export default /* sql */ `
-- The real-name dictionaries: one row per code and the date it is valid from (valid_to NULL: still
-- in force). A new edition is new rows, never an edit of the old ones.
CREATE TABLE employment_term (
  dict TEXT NOT NULL CHECK (length(dict) BETWEEN 1 AND 40),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  sort INTEGER NOT NULL,
  label_zh TEXT NOT NULL CHECK (length(label_zh) >= 1),
  label_en TEXT NOT NULL CHECK (length(label_en) >= 1),
  valid_from TEXT NOT NULL,
  valid_to TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
  PRIMARY KEY (dict, code, valid_from)
) WITHOUT ROWID;
INSERT INTO employment_term (dict, code, sort, label_zh, label_en, valid_from) VALUES
  ${TERM_ROWS};

-- Placements in the national terms; the type before this migration is kept in legacy_type.
ALTER TABLE placement ADD COLUMN legacy_type TEXT;
ALTER TABLE placement ADD COLUMN industry TEXT;
ALTER TABLE placement ADD COLUMN job_route TEXT;
ALTER TABLE placement ADD COLUMN contract_type TEXT;
ALTER TABLE placement ADD COLUMN insurance_type TEXT;
UPDATE placement SET legacy_type = placement_type, placement_type = CASE placement_type
  WHEN 'centralised' THEN 'centralised'
  WHEN 'quota' THEN 'quota'
  WHEN 'assisted' THEN 'assisted'
  WHEN 'supported' THEN 'quota'
  WHEN 'self_employed' THEN 'individual'
  WHEN 'flexible' THEN 'flexible'
  WHEN 'home_based' THEN 'flexible'
  WHEN 'public_welfare' THEN 'public_welfare'
  ELSE placement_type END;
-- Contract and insurance were yes/no: yes keeps its meaning as the usual kind, no becomes none.
UPDATE placement SET contract_type = CASE has_contract WHEN 1 THEN 'fixed' ELSE 'none' END,
  insurance_type = CASE social_insurance WHEN 1 THEN 'employee' ELSE 'none' END;
CREATE INDEX placement_type_start ON placement (placement_type, start_date);
CREATE INDEX placement_open ON placement (person_id, end_date);

-- Training classes: cycle, provider, industry, free to the trainee, and the hours a trainee needs.
ALTER TABLE training_class ADD COLUMN cycle TEXT;
ALTER TABLE training_class ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE training_class ADD COLUMN industry TEXT;
ALTER TABLE training_class ADD COLUMN free_to_trainee INTEGER NOT NULL DEFAULT 1 CHECK (free_to_trainee IN (0, 1));
ALTER TABLE training_class ADD COLUMN min_hours INTEGER NOT NULL DEFAULT 0 CHECK (min_hours >= 0);
-- The hours a class day lasted (NULL where not recorded: days taken before this migration).
ALTER TABLE training_session ADD COLUMN hours INTEGER CHECK (hours IS NULL OR hours BETWEEN 1 AND 24);

-- Working-age people not employed (求职登记): why, whether they wish to work, what training they want.
CREATE TABLE job_seeker (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL UNIQUE REFERENCES person (id) ON DELETE RESTRICT,
  reason TEXT NOT NULL,
  wish_to_work INTEGER NOT NULL CHECK (wish_to_work IN (0, 1)),
  training_wanted TEXT NOT NULL DEFAULT '',
  last_contact TEXT,
  notes TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX job_seeker_contact ON job_seeker (last_contact, id);

-- An employer's figures for a year: staff, employees with disabilities (those of level 1–2 count
-- twice towards the quota), the months the figures cover, and when the office assessed them.
CREATE TABLE employer_year (
  id INTEGER PRIMARY KEY,
  employer_id INTEGER NOT NULL REFERENCES employer (id) ON DELETE RESTRICT,
  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  staff_count INTEGER NOT NULL CHECK (staff_count >= 0),
  disabled_employees INTEGER NOT NULL CHECK (disabled_employees >= 0),
  severe_employees INTEGER NOT NULL DEFAULT 0 CHECK (severe_employees >= 0 AND severe_employees <= disabled_employees),
  months INTEGER NOT NULL DEFAULT 12 CHECK (months BETWEEN 1 AND 12),
  assessed_on TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (employer_id, year)
);
CREATE INDEX employer_year_assessed ON employer_year (assessed_on);

-- All public-welfare posts of the area in a year, when the office gives the total.
CREATE TABLE public_welfare_total (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
  area_total INTEGER NOT NULL CHECK (area_total > 0),
  source TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- Support given to a person starting a business (equipment, funds, training).
CREATE TABLE entrepreneur_support (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('equipment', 'funds', 'training')),
  given_on TEXT NOT NULL,
  amount_fen INTEGER CHECK (amount_fen IS NULL OR amount_fen >= 0),
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX entrepreneur_support_person ON entrepreneur_support (person_id, given_on);

-- An entrepreneurship award with its amount (claimed as a line of a training claim).
CREATE TABLE entrepreneur_award (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  level TEXT NOT NULL,
  awarded_on TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  title TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX entrepreneur_award_date ON entrepreneur_award (awarded_on);
CREATE INDEX entrepreneur_award_person ON entrepreneur_award (person_id);

-- Guards: the figures and awards a submitted claim rests on cannot change or go.
${claimGuard('employer_year_claim_update', 'UPDATE', 'employer_year', 'quota')}
${claimGuard('employer_year_claim_delete', 'DELETE', 'employer_year', 'quota')}
${claimGuard('entrepreneur_award_claim_update', 'UPDATE', 'entrepreneur_award', 'award')}
${claimGuard('entrepreneur_award_claim_delete', 'DELETE', 'entrepreneur_award', 'award')}
`;
