// 004: assistive devices (辅助器具适配): the catalogue (with a default one), need assessments,
// fittings with their subsidy split, follow-up visits, and the change log of all of them.
const CLASSES = `('mobility', 'prosthetic_orthotic', 'hearing', 'vision', 'daily_living', 'communication')`;
const NOW = `strftime('%Y-%m-%dT%H:%M:%S+08:00', 'now', '+8 hours')`;

export default /* sql */ `
-- The device catalogue, grouped by class after GB/T 16432 (ISO 9999). Prices and caps in fen.
-- Items are retired (active = 0), never deleted, as fittings refer to them.
CREATE TABLE device_item (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
  device_class TEXT NOT NULL CHECK (device_class IN ${CLASSES}),
  iso_code TEXT NOT NULL CHECK (length(iso_code) IN (5, 8)),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  list_price_fen INTEGER NOT NULL CHECK (list_price_fen >= 0),
  replace_months INTEGER NOT NULL CHECK (replace_months BETWEEN 0 AND 240),
  subsidy_cap_fen INTEGER NOT NULL CHECK (subsidy_cap_fen >= 0),
  basic INTEGER NOT NULL CHECK (basic IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX device_item_class ON device_item (device_class, code);

-- A need assessment (需求评估) with the device classes it recommends (the prescription).
CREATE TABLE device_assessment (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  assessed_on TEXT NOT NULL,
  assessor TEXT NOT NULL CHECK (length(assessor) BETWEEN 1 AND 50),
  needs TEXT NOT NULL CHECK (length(needs) BETWEEN 1 AND 500),
  prescription TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX device_assessment_person ON device_assessment (person_id, assessed_on);

-- The classes belong to their assessment: they go with it.
CREATE TABLE device_assessment_class (
  assessment_id INTEGER NOT NULL REFERENCES device_assessment (id) ON DELETE CASCADE,
  device_class TEXT NOT NULL CHECK (device_class IN ${CLASSES}),
  PRIMARY KEY (assessment_id, device_class)
) WITHOUT ROWID;

-- A fitting (适配): the device, what it cost and how the cost was split. The item's class, ISO
-- kind and replacement interval, and the rule that set the split, are kept as they were on the
-- day, so later catalogue or rule edits do not rewrite history.
CREATE TABLE device_fitting (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  assessment_id INTEGER REFERENCES device_assessment (id) ON DELETE RESTRICT,
  item_id INTEGER NOT NULL REFERENCES device_item (id) ON DELETE RESTRICT,
  device_class TEXT NOT NULL CHECK (device_class IN ${CLASSES}),
  kind TEXT NOT NULL CHECK (length(kind) = 5),
  item_basic INTEGER NOT NULL CHECK (item_basic IN (0, 1)),
  item_cap_fen INTEGER NOT NULL CHECK (item_cap_fen >= 0),
  replace_months INTEGER NOT NULL CHECK (replace_months >= 0),
  supplier TEXT NOT NULL CHECK (length(supplier) BETWEEN 1 AND 100),
  serial_number TEXT NOT NULL DEFAULT '',
  fitted_on TEXT NOT NULL,
  cost_fen INTEGER NOT NULL CHECK (cost_fen >= 0),
  subsidy_fen INTEGER NOT NULL CHECK (subsidy_fen >= 0),
  self_paid_fen INTEGER NOT NULL CHECK (self_paid_fen >= 0),
  rule_applied TEXT NOT NULL CHECK (rule_applied IN ('free_basic', 'status_percent', 'default_percent')),
  rule_status TEXT,
  rule_percent INTEGER NOT NULL CHECK (rule_percent BETWEEN 0 AND 100),
  rule_cap_fen INTEGER NOT NULL CHECK (rule_cap_fen >= 0),
  statuses TEXT NOT NULL DEFAULT '',
  training_given INTEGER NOT NULL CHECK (training_given IN (0, 1)),
  training_notes TEXT NOT NULL DEFAULT '',
  replace_from TEXT NOT NULL,
  early_replacement_of INTEGER REFERENCES device_fitting (id) ON DELETE RESTRICT,
  replacement_reason TEXT NOT NULL DEFAULT '',
  followup_due TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (subsidy_fen + self_paid_fen = cost_fen),
  CHECK (early_replacement_of IS NULL OR length(replacement_reason) > 0)
);
CREATE INDEX device_fitting_person ON device_fitting (person_id, fitted_on);
CREATE INDEX device_fitting_kind ON device_fitting (person_id, kind, fitted_on);
CREATE INDEX device_fitting_date ON device_fitting (fitted_on, id);
CREATE INDEX device_fitting_followup_due ON device_fitting (followup_due);
CREATE INDEX device_fitting_item ON device_fitting (item_id);

-- Follow-up visits (随访) and their outcome.
CREATE TABLE device_followup (
  id INTEGER PRIMARY KEY,
  fitting_id INTEGER NOT NULL REFERENCES device_fitting (id) ON DELETE RESTRICT,
  visited_on TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('in_use', 'needs_adjustment', 'abandoned')),
  abandon_reason TEXT CHECK (abandon_reason IN ('discomfort', 'unsuitable', 'broken', 'not_needed', 'other')),
  notes TEXT NOT NULL DEFAULT '',
  visitor TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK ((outcome = 'abandoned') = (abandon_reason IS NOT NULL))
);
CREATE INDEX device_followup_fitting ON device_followup (fitting_id, visited_on);

-- The next visit each fitting is waiting for (none once a visit found it in use or abandoned).
CREATE TABLE device_followup_pending (
  fitting_id INTEGER PRIMARY KEY REFERENCES device_fitting (id) ON DELETE RESTRICT,
  due_on TEXT NOT NULL
);
CREATE INDEX device_followup_pending_due ON device_followup_pending (due_on, fitting_id);

-- Who changed what and when, for every record of this area (rules: entity_id is the year);
-- written in the same transaction as the change.
CREATE TABLE device_change (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('item', 'rules', 'assessment', 'fitting', 'followup')),
  entity_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update')),
  changes TEXT NOT NULL
);
CREATE INDEX device_change_entity ON device_change (entity, entity_id, id);

-- A sensible default catalogue: typical basic-model prices, replacement intervals and caps.
-- Centres adjust them to their local list in Settings → device catalogue.
WITH v (code, device_class, iso_code, name, list_price_fen, replace_months, subsidy_cap_fen, basic) AS (VALUES
  ('YD-01', 'mobility', '12 22 03', '普通轮椅（手动）', 80000, 60, 80000, 1),
  ('YD-02', 'mobility', '12 22 03', '儿童轮椅', 150000, 36, 150000, 1),
  ('YD-03', 'mobility', '12 23 06', '电动轮椅', 600000, 72, 300000, 0),
  ('YD-04', 'mobility', '12 06 03', '助行器（框式）', 20000, 36, 20000, 1),
  ('YD-05', 'mobility', '12 03 03', '手杖', 6000, 24, 6000, 1),
  ('YD-06', 'mobility', '12 03 06', '肘拐（一对）', 15000, 36, 15000, 1),
  ('JZ-01', 'prosthetic_orthotic', '06 24 09', '小腿假肢（普及型）', 600000, 48, 600000, 1),
  ('JZ-02', 'prosthetic_orthotic', '06 24 15', '大腿假肢（普及型）', 1200000, 48, 1000000, 1),
  ('JZ-03', 'prosthetic_orthotic', '06 12 06', '踝足矫形器', 120000, 12, 120000, 1),
  ('JZ-04', 'prosthetic_orthotic', '06 12 12', '膝踝足矫形器', 250000, 24, 250000, 1),
  ('JZ-05', 'prosthetic_orthotic', '06 03 09', '脊柱侧弯矫形器', 200000, 24, 150000, 0),
  ('TL-01', 'hearing', '22 06 06', '助听器（耳背式，单耳）', 300000, 60, 300000, 1),
  ('TL-02', 'hearing', '22 06 06', '助听器（耳背式，双耳）', 600000, 60, 600000, 1),
  ('TL-03', 'hearing', '22 06', '人工耳蜗体外言语处理器', 4000000, 60, 3000000, 0),
  ('SL-01', 'vision', '12 39 03', '盲杖（折叠）', 8000, 24, 8000, 1),
  ('SL-02', 'vision', '22 03 09', '手持放大镜', 15000, 36, 15000, 1),
  ('SL-03', 'vision', '22 03 18', '电子助视器（台式）', 500000, 60, 300000, 0),
  ('SL-04', 'vision', '22 39 12', '读屏软件', 100000, 36, 100000, 1),
  ('SH-01', 'daily_living', '09 12 03', '坐便椅', 30000, 60, 30000, 1),
  ('SH-02', 'daily_living', '09 33 03', '洗澡椅', 20000, 60, 20000, 1),
  ('SH-03', 'daily_living', '04 33 03', '防压疮坐垫', 40000, 24, 40000, 1),
  ('SH-04', 'daily_living', '18 12 10', '护理床（手摇）', 250000, 96, 150000, 0),
  ('GT-01', 'communication', '22 21 03', '沟通板', 30000, 36, 30000, 1),
  ('GT-02', 'communication', '22 21 09', '语音沟通器', 300000, 60, 200000, 0),
  ('GT-03', 'communication', '22 27 03', '闪光振动提示器（门铃/闹钟）', 20000, 60, 20000, 1)
)
INSERT INTO device_item (code, device_class, iso_code, name, list_price_fen, replace_months, subsidy_cap_fen, basic,
  created_at, created_by, updated_at, updated_by)
SELECT code, device_class, iso_code, name, list_price_fen, replace_months, subsidy_cap_fen, basic, ${NOW}, 'system', ${NOW}, 'system'
FROM v;
`;
