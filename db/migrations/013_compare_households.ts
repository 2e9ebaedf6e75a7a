// 013: other departments' lists kept with their date, person status facts with effective dates
// (低保, 特困, 脱贫监测, 医保参保, 在校, 家庭医生签约, 农民工, the two allowances), departures (died,
// moved away), reasons that clear a person from a left-out check, households (一户多残), accident
// insurance of children in training and satisfaction answers.
export default /* sql */ `
-- A list another department gave the centre (民政 低保/特困, 医保, 教育, 人社, 乡村振兴), as imported.
CREATE TABLE department_list (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('civil_affairs', 'medical_insurance', 'education', 'human_resources', 'rural_revitalisation', 'other')),
  source_name TEXT NOT NULL DEFAULT '',
  list_date TEXT NOT NULL CHECK (length(list_date) = 10),
  -- The statuses the list certifies (a JSON array): a person it leaves out does not hold them.
  statuses TEXT NOT NULL CHECK (json_valid(statuses) AND json_type(statuses) = 'array'),
  file_name TEXT NOT NULL,
  row_count INTEGER NOT NULL CHECK (row_count >= 0),
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE INDEX department_list_source ON department_list (source, list_date, id);

CREATE TABLE department_list_row (
  list_id INTEGER NOT NULL REFERENCES department_list (id) ON DELETE RESTRICT,
  id_number TEXT NOT NULL CHECK (length(id_number) = 18),
  row_number INTEGER NOT NULL,
  name TEXT NOT NULL,
  statuses TEXT NOT NULL CHECK (json_valid(statuses) AND json_type(statuses) = 'array'),
  PRIMARY KEY (list_id, id_number)
) WITHOUT ROWID;
CREATE INDEX department_list_row_id ON department_list_row (id_number, list_id);

-- Column mappings fixed by hand on a department list's preview, by a hash of its headers.
CREATE TABLE department_column_map (
  header_hash TEXT PRIMARY KEY CHECK (length(header_hash) = 64),
  columns TEXT NOT NULL CHECK (json_valid(columns) AND json_type(columns) = 'array'),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) WITHOUT ROWID;

-- A status held (or no longer held) from a date on; never edited: a correction is a later fact.
-- list_id names the department list a confirmed change came from.
CREATE TABLE person_status_fact (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  status TEXT NOT NULL CHECK (status IN ('dibao', 'tekun', 'monitor', 'medical_insured', 'in_school', 'care_allowance', 'living_allowance', 'family_doctor', 'migrant_worker')),
  held INTEGER NOT NULL CHECK (held IN (0, 1)),
  effective_from TEXT NOT NULL CHECK (length(effective_from) = 10),
  list_id INTEGER REFERENCES department_list (id) ON DELETE RESTRICT,
  note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX person_status_fact_person ON person_status_fact (person_id, status, effective_from, id);
CREATE INDEX person_status_fact_status ON person_status_fact (status, person_id);
CREATE INDEX person_status_fact_list ON person_status_fact (list_id) WHERE list_id IS NOT NULL;

-- A person who died or moved out of the centre's area: no list should hold them any more.
CREATE TABLE person_departure (
  person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE RESTRICT,
  reason TEXT NOT NULL CHECK (reason IN ('died', 'moved')),
  on_date TEXT NOT NULL CHECK (length(on_date) = 10),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);

-- Why a person found by a left-out check is not left out (a family's refusal, served elsewhere…).
CREATE TABLE left_out_reason (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  check_kind TEXT NOT NULL CHECK (check_kind IN ('care_allowance', 'living_allowance', 'child_rehab', 'working_age', 'cert_expired')),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX left_out_reason_check ON left_out_reason (check_kind, person_id);

-- 一户多残: people of the register who live in one household.
CREATE TABLE household (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TABLE household_member (
  person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE RESTRICT,
  household_id INTEGER NOT NULL REFERENCES household (id) ON DELETE RESTRICT,
  relation TEXT NOT NULL DEFAULT '',
  added_at TEXT NOT NULL,
  added_by TEXT NOT NULL
);
CREATE INDEX household_member_household ON household_member (household_id, person_id);

-- Accident insurance of a child in training (policy and period).
CREATE TABLE accident_insurance (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  policy_number TEXT NOT NULL CHECK (length(policy_number) BETWEEN 1 AND 50),
  insurer TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL CHECK (end_date >= start_date),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX accident_insurance_person ON accident_insurance (person_id, end_date);
CREATE INDEX accident_insurance_end ON accident_insurance (end_date, id);

-- A satisfaction answer about one service: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.
CREATE TABLE satisfaction_answer (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  service TEXT NOT NULL CHECK (service IN ('rehab', 'training', 'employment', 'devices', 'visit', 'other')),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  answered_on TEXT NOT NULL CHECK (length(answered_on) = 10),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX satisfaction_answer_date ON satisfaction_answer (answered_on, service);
CREATE INDEX satisfaction_answer_person ON satisfaction_answer (person_id, answered_on);
`;
