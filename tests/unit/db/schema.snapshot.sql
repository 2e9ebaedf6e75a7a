-- Schema built from scratch by every migration; rewrite with `npm run schema:snapshot`.
PRAGMA user_version = 7;

-- index audit_log_action ON audit_log
CREATE INDEX audit_log_action ON audit_log (action, id);

-- index audit_log_at ON audit_log
CREATE INDEX audit_log_at ON audit_log (at, id);

-- index claim_batch_programme ON claim_batch
CREATE INDEX claim_batch_programme ON claim_batch (programme, period_start, id);

-- index claim_batch_status ON claim_batch
CREATE INDEX claim_batch_status ON claim_batch (status, id);

-- index claim_event_batch ON claim_event
CREATE INDEX claim_event_batch ON claim_event (batch_id, id);

-- index claim_left_out_batch ON claim_left_out
CREATE INDEX claim_left_out_batch ON claim_left_out (batch_id, id);

-- index claim_line_adjusts ON claim_line
CREATE INDEX claim_line_adjusts ON claim_line (adjusts_line_id) WHERE adjusts_line_id IS NOT NULL;

-- index claim_line_batch ON claim_line
CREATE INDEX claim_line_batch ON claim_line (batch_id, seq);

-- index claim_line_batch_totals ON claim_line
CREATE INDEX claim_line_batch_totals ON claim_line (batch_id, excluded, person_id, amount_fen);

-- index claim_line_once ON claim_line
CREATE UNIQUE INDEX claim_line_once ON claim_line (programme, person_id, service_key) WHERE live = 1 AND kind = 'claim';

-- index claim_line_person ON claim_line
CREATE INDEX claim_line_person ON claim_line (person_id, programme, service_year);

-- index claim_line_service ON claim_line
CREATE INDEX claim_line_service ON claim_line (programme, service_key, person_id) WHERE live = 1;

-- index claim_lock_line ON claim_lock
CREATE INDEX claim_lock_line ON claim_lock (line_id);

-- index claim_training_class_end ON training_class
CREATE INDEX claim_training_class_end ON training_class (end_date);

-- index claim_training_completed ON training_enrolment
CREATE INDEX claim_training_completed ON training_enrolment (completed_on) WHERE completed_on IS NOT NULL;

-- index device_assessment_person ON device_assessment
CREATE INDEX device_assessment_person ON device_assessment (person_id, assessed_on);

-- index device_change_entity ON device_change
CREATE INDEX device_change_entity ON device_change (entity, entity_id, id);

-- index device_fitting_date ON device_fitting
CREATE INDEX device_fitting_date ON device_fitting (fitted_on, id);

-- index device_fitting_followup_due ON device_fitting
CREATE INDEX device_fitting_followup_due ON device_fitting (followup_due);

-- index device_fitting_item ON device_fitting
CREATE INDEX device_fitting_item ON device_fitting (item_id);

-- index device_fitting_kind ON device_fitting
CREATE INDEX device_fitting_kind ON device_fitting (person_id, kind, fitted_on);

-- index device_fitting_person ON device_fitting
CREATE INDEX device_fitting_person ON device_fitting (person_id, fitted_on);

-- index device_followup_fitting ON device_followup
CREATE INDEX device_followup_fitting ON device_followup (fitting_id, visited_on);

-- index device_followup_pending_due ON device_followup_pending
CREATE INDEX device_followup_pending_due ON device_followup_pending (due_on, fitting_id);

-- index device_item_class ON device_item
CREATE INDEX device_item_class ON device_item (device_class, code);

-- index employer_name ON employer
CREATE INDEX employer_name ON employer (name, id);

-- index person_birth ON person
CREATE INDEX person_birth ON person (birth_date, id);

-- index person_category ON person
CREATE INDEX person_category ON person (disability_category IS NULL, disability_category, disability_level, id);

-- index person_cert_due ON person
CREATE INDEX person_cert_due ON person (cert_expiry) WHERE cert_expiry IS NOT NULL;

-- index person_cert_expiry ON person
CREATE INDEX person_cert_expiry ON person (cert_expiry IS NULL, cert_expiry, id);

-- index person_cert_number ON person
CREATE UNIQUE INDEX person_cert_number ON person (cert_number) WHERE cert_number IS NOT NULL;

-- index person_change_person ON person_change
CREATE INDEX person_change_person ON person_change (person_id, id);

-- index person_name ON person
CREATE INDEX person_name ON person (name, id);

-- index person_support_status ON person_support
CREATE INDEX person_support_status ON person_support (status, person_id);

-- index person_updated ON person
CREATE INDEX person_updated ON person (updated_at, id);

-- index placement_employer ON placement
CREATE INDEX placement_employer ON placement (employer_id);

-- index placement_followup_months ON placement_followup
CREATE INDEX placement_followup_months ON placement_followup (months, still_employed);

-- index placement_followup_open ON placement_followup
CREATE INDEX placement_followup_open ON placement_followup (due_on) WHERE done_on IS NULL;

-- index placement_person ON placement
CREATE INDEX placement_person ON placement (person_id, start_date);

-- index placement_start ON placement
CREATE INDEX placement_start ON placement (start_date, id);

-- index rehab_assessment_enrolment ON rehab_assessment
CREATE INDEX rehab_assessment_enrolment ON rehab_assessment (enrolment_id, assessed_on, id);

-- index rehab_change_enrolment ON rehab_change
CREATE INDEX rehab_change_enrolment ON rehab_change (enrolment_id, id) WHERE enrolment_id IS NOT NULL;

-- index rehab_change_entity ON rehab_change
CREATE INDEX rehab_change_entity ON rehab_change (entity, entity_id, id);

-- index rehab_enrolment_open ON rehab_enrolment
CREATE UNIQUE INDEX rehab_enrolment_open ON rehab_enrolment (person_id) WHERE status <> 'discharged';

-- index rehab_enrolment_person ON rehab_enrolment
CREATE INDEX rehab_enrolment_person ON rehab_enrolment (person_id, start_date);

-- index rehab_enrolment_status ON rehab_enrolment
CREATE INDEX rehab_enrolment_status ON rehab_enrolment (status, start_date);

-- index rehab_enrolment_therapist ON rehab_enrolment
CREATE INDEX rehab_enrolment_therapist ON rehab_enrolment (therapist_id, status);

-- index rehab_goal_enrolment ON rehab_goal
CREATE INDEX rehab_goal_enrolment ON rehab_goal (enrolment_id, id);

-- index rehab_session_child ON rehab_session
CREATE INDEX rehab_session_child ON rehab_session (enrolment_id, session_date, start_minute);

-- index rehab_session_goal_goal ON rehab_session_goal
CREATE INDEX rehab_session_goal_goal ON rehab_session_goal (goal_id);

-- index rehab_session_month ON rehab_session
CREATE INDEX rehab_session_month ON rehab_session (session_date, enrolment_id, attendance, type);

-- index rehab_session_therapist ON rehab_session
CREATE INDEX rehab_session_therapist ON rehab_session (therapist_id, session_date, start_minute);

-- index rehab_visit_person ON rehab_visit
CREATE INDEX rehab_visit_person ON rehab_visit (person_id, visited_on);

-- index ret_device_fitting_package ON ret_device_fitting
CREATE INDEX ret_device_fitting_package ON ret_device_fitting (package_id, centre_code);

-- index ret_device_followup_package ON ret_device_followup
CREATE INDEX ret_device_followup_package ON ret_device_followup (package_id, centre_code);

-- index ret_person_key ON ret_person
CREATE INDEX ret_person_key ON ret_person (package_id, centre_code, person_key);

-- index ret_placement_followup_package ON ret_placement_followup
CREATE INDEX ret_placement_followup_package ON ret_placement_followup (package_id, centre_code);

-- index ret_placement_package ON ret_placement
CREATE INDEX ret_placement_package ON ret_placement (package_id, centre_code, placement_ref);

-- index ret_rehab_enrolment_ref ON ret_rehab_enrolment
CREATE INDEX ret_rehab_enrolment_ref ON ret_rehab_enrolment (package_id, centre_code, enrolment_ref);

-- index ret_rehab_session_child ON ret_rehab_session
CREATE INDEX ret_rehab_session_child ON ret_rehab_session (package_id, centre_code, enrolment_ref, attendance, session_date);

-- index ret_rehab_visit_package ON ret_rehab_visit
CREATE INDEX ret_rehab_visit_package ON ret_rehab_visit (package_id);

-- index ret_source_package ON ret_source
CREATE INDEX ret_source_package ON ret_source (package_id, centre_code);

-- index ret_span_match ON ret_span
CREATE INDEX ret_span_match ON ret_span (programme, scope, match_key);

-- index ret_span_package ON ret_span
CREATE INDEX ret_span_package ON ret_span (package_id);

-- index ret_subsidy_claim_package ON ret_subsidy_claim
CREATE INDEX ret_subsidy_claim_package ON ret_subsidy_claim (package_id, centre_code);

-- index ret_training_certificate_package ON ret_training_certificate
CREATE INDEX ret_training_certificate_package ON ret_training_certificate (package_id, centre_code, class_ref);

-- index ret_training_class_ref ON ret_training_class
CREATE INDEX ret_training_class_ref ON ret_training_class (package_id, centre_code, class_ref);

-- index ret_training_enrolment_class ON ret_training_enrolment
CREATE INDEX ret_training_enrolment_class ON ret_training_enrolment (package_id, centre_code, class_ref);

-- index ret_visit_due_package ON ret_visit_due
CREATE INDEX ret_visit_due_package ON ret_visit_due (package_id, centre_code);

-- index return_import_file_import ON return_import_file
CREATE INDEX return_import_file_import ON return_import_file (import_id, id);

-- index return_package_current ON return_package
CREATE UNIQUE INDEX return_package_current ON return_package (centre_code, period) WHERE status = 'current';

-- index return_package_period ON return_package
CREATE INDEX return_package_period ON return_package (period, status, id);

-- index sqlite_autoindex_account_1 ON account
;

-- index sqlite_autoindex_claim_batch_1 ON claim_batch
;

-- index sqlite_autoindex_claim_line_1 ON claim_line
;

-- index sqlite_autoindex_device_item_1 ON device_item
;

-- index sqlite_autoindex_employer_1 ON employer
;

-- index sqlite_autoindex_person_1 ON person
;

-- index sqlite_autoindex_placement_followup_1 ON placement_followup
;

-- index sqlite_autoindex_rehab_therapist_1 ON rehab_therapist
;

-- index sqlite_autoindex_training_enrolment_1 ON training_enrolment
;

-- index sqlite_autoindex_training_session_1 ON training_session
;

-- index training_attendance_enrolment ON training_attendance
CREATE INDEX training_attendance_enrolment ON training_attendance (enrolment_id, status);

-- index training_certificate_enrolment ON training_certificate
CREATE INDEX training_certificate_enrolment ON training_certificate (enrolment_id);

-- index training_certificate_type ON training_certificate
CREATE INDEX training_certificate_type ON training_certificate (cert_type);

-- index training_class_start ON training_class
CREATE INDEX training_class_start ON training_class (start_date, id);

-- index training_class_type ON training_class
CREATE INDEX training_class_type ON training_class (course_type, start_date);

-- index training_enrolment_person ON training_enrolment
CREATE INDEX training_enrolment_person ON training_enrolment (person_id, class_id);

-- table account ON account
CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 40),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  role TEXT NOT NULL CHECK (role IN ('admin', 'therapist', 'training', 'accountant', 'viewer')),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- table audit_log ON audit_log
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

-- table claim_batch ON claim_batch
CREATE TABLE claim_batch (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 4 AND 30),
  programme TEXT NOT NULL CHECK (programme IN ('rehab', 'training', 'devices')),
  period TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL CHECK (period_end >= period_start),
  centre_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'paid')),
  note TEXT NOT NULL DEFAULT '',
  submitted_at TEXT,
  submitted_by TEXT,
  decided_on TEXT,
  decided_by TEXT,
  reject_reason TEXT NOT NULL DEFAULT '',
  paid_on TEXT,
  voucher_no TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (status <> 'rejected' OR reject_reason <> ''),
  CHECK (status <> 'paid' OR (paid_on IS NOT NULL AND voucher_no <> ''))
);

-- table claim_event ON claim_event
CREATE TABLE claim_event (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES claim_batch (id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);

-- table claim_left_out ON claim_left_out
CREATE TABLE claim_left_out (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES claim_batch (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  service_key TEXT NOT NULL,
  service_from TEXT NOT NULL,
  service_to TEXT NOT NULL,
  content_code TEXT NOT NULL,
  content_text TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,
  params TEXT NOT NULL,
  records TEXT NOT NULL
);

-- table claim_line ON claim_line
CREATE TABLE claim_line (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES claim_batch (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq > 0),
  programme TEXT NOT NULL CHECK (programme IN ('rehab', 'training', 'devices')),
  kind TEXT NOT NULL CHECK (kind IN ('claim', 'adjustment')),
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  service_key TEXT NOT NULL,
  service_from TEXT NOT NULL,
  service_to TEXT NOT NULL CHECK (service_to >= service_from),
  service_year INTEGER NOT NULL,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  id_number TEXT NOT NULL CHECK (length(id_number) = 18),
  cert_number TEXT NOT NULL DEFAULT '',
  disability_category INTEGER,
  disability_level INTEGER,
  content_code TEXT NOT NULL,
  content_text TEXT NOT NULL DEFAULT '',
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  unit TEXT NOT NULL CHECK (unit IN ('days', 'sessions', 'trainees', 'items')),
  standard_fen INTEGER NOT NULL CHECK (standard_fen >= 0),
  amount_fen INTEGER NOT NULL,
  rule TEXT NOT NULL,
  steps TEXT NOT NULL,
  records TEXT NOT NULL,
  adjusts_line_id INTEGER REFERENCES claim_line (id) ON DELETE RESTRICT,
  adjust_reason TEXT NOT NULL DEFAULT '',
  excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
  exclude_reason TEXT NOT NULL DEFAULT '',
  live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (batch_id, seq),
  CHECK ((kind = 'adjustment') = (adjusts_line_id IS NOT NULL)),
  CHECK (kind = 'claim' OR (amount_fen <> 0 AND adjust_reason <> '')),
  CHECK (kind = 'adjustment' OR amount_fen >= 0),
  CHECK ((excluded = 1) = (exclude_reason <> '')),
  CHECK (live = 0 OR excluded = 0)
);

-- table claim_lock ON claim_lock
CREATE TABLE claim_lock (
  record_type TEXT NOT NULL CHECK (record_type IN ('rehab_session', 'training_enrolment', 'device_fitting')),
  record_id INTEGER NOT NULL,
  line_id INTEGER NOT NULL REFERENCES claim_line (id) ON DELETE CASCADE,
  PRIMARY KEY (record_type, record_id, line_id)
) WITHOUT ROWID;

-- table claim_rule ON claim_rule
CREATE TABLE claim_rule (
  programme TEXT NOT NULL CHECK (programme IN ('rehab', 'training', 'devices')),
  effective_from TEXT NOT NULL,
  rule TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (programme, effective_from)
) WITHOUT ROWID;

-- table device_assessment ON device_assessment
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

-- table device_assessment_class ON device_assessment_class
CREATE TABLE device_assessment_class (
  assessment_id INTEGER NOT NULL REFERENCES device_assessment (id) ON DELETE CASCADE,
  device_class TEXT NOT NULL CHECK (device_class IN ('mobility', 'prosthetic_orthotic', 'hearing', 'vision', 'daily_living', 'communication')),
  PRIMARY KEY (assessment_id, device_class)
) WITHOUT ROWID;

-- table device_change ON device_change
CREATE TABLE device_change (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('item', 'rules', 'assessment', 'fitting', 'followup')),
  entity_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update')),
  changes TEXT NOT NULL
);

-- table device_fitting ON device_fitting
CREATE TABLE device_fitting (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  assessment_id INTEGER REFERENCES device_assessment (id) ON DELETE RESTRICT,
  item_id INTEGER NOT NULL REFERENCES device_item (id) ON DELETE RESTRICT,
  device_class TEXT NOT NULL CHECK (device_class IN ('mobility', 'prosthetic_orthotic', 'hearing', 'vision', 'daily_living', 'communication')),
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

-- table device_followup ON device_followup
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

-- table device_followup_pending ON device_followup_pending
CREATE TABLE device_followup_pending (
  fitting_id INTEGER PRIMARY KEY REFERENCES device_fitting (id) ON DELETE RESTRICT,
  due_on TEXT NOT NULL
);

-- table device_item ON device_item
CREATE TABLE device_item (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 20),
  device_class TEXT NOT NULL CHECK (device_class IN ('mobility', 'prosthetic_orthotic', 'hearing', 'vision', 'daily_living', 'communication')),
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

-- table employer ON employer
CREATE TABLE employer (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  credit_code TEXT NOT NULL UNIQUE CHECK (length(credit_code) = 18),
  address TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table person ON person
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  id_number TEXT NOT NULL UNIQUE CHECK (length(id_number) = 18),
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  cert_number TEXT CHECK (cert_number IS NULL OR length(cert_number) = 20),
  disability_category INTEGER CHECK (disability_category BETWEEN 1 AND 7),
  disability_level INTEGER CHECK (disability_level BETWEEN 1 AND 4),
  cert_expiry TEXT,
  household TEXT NOT NULL CHECK (household IN ('urban', 'rural')),
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  guardian_name TEXT NOT NULL DEFAULT '',
  guardian_phone TEXT NOT NULL DEFAULT '',
  guardian_relation TEXT NOT NULL DEFAULT '',
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- table person_change ON person_change
CREATE TABLE person_change (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update')),
  changes TEXT NOT NULL
);

-- table person_support ON person_support
CREATE TABLE person_support (
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  PRIMARY KEY (person_id, status)
) WITHOUT ROWID;

-- table placement ON placement
CREATE TABLE placement (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  placement_type TEXT NOT NULL,
  employer_id INTEGER REFERENCES employer (id) ON DELETE RESTRICT,
  start_date TEXT NOT NULL,
  end_date TEXT CHECK (end_date IS NULL OR end_date >= start_date),
  monthly_wage_fen INTEGER CHECK (monthly_wage_fen IS NULL OR monthly_wage_fen >= 0),
  full_time INTEGER NOT NULL CHECK (full_time IN (0, 1)),
  has_contract INTEGER NOT NULL CHECK (has_contract IN (0, 1)),
  social_insurance INTEGER NOT NULL CHECK (social_insurance IN (0, 1)),
  notes TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table placement_followup ON placement_followup
CREATE TABLE placement_followup (
  id INTEGER PRIMARY KEY,
  placement_id INTEGER NOT NULL REFERENCES placement (id) ON DELETE RESTRICT,
  months INTEGER NOT NULL CHECK (months > 0),
  due_on TEXT NOT NULL,
  done_on TEXT,
  still_employed INTEGER CHECK (still_employed IS NULL OR still_employed IN (0, 1)),
  wage_fen INTEGER CHECK (wage_fen IS NULL OR wage_fen >= 0),
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (placement_id, months)
);

-- table rehab_assessment ON rehab_assessment
CREATE TABLE rehab_assessment (
  id INTEGER PRIMARY KEY,
  enrolment_id INTEGER NOT NULL REFERENCES rehab_enrolment (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('intake', 'periodic', 'discharge')),
  assessed_on TEXT NOT NULL,
  assessor TEXT NOT NULL CHECK (length(assessor) BETWEEN 1 AND 50),
  tool TEXT NOT NULL CHECK (length(tool) BETWEEN 1 AND 80),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table rehab_assessment_score ON rehab_assessment_score
CREATE TABLE rehab_assessment_score (
  assessment_id INTEGER NOT NULL REFERENCES rehab_assessment (id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  score REAL,
  level TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (assessment_id, domain),
  CHECK (score IS NOT NULL OR level <> '')
) WITHOUT ROWID;

-- table rehab_change ON rehab_change
CREATE TABLE rehab_change (
  id INTEGER PRIMARY KEY,
  entity TEXT NOT NULL CHECK (entity IN ('enrolment', 'session', 'goal', 'assessment', 'visit', 'therapist', 'setting')),
  entity_id INTEGER NOT NULL,
  enrolment_id INTEGER,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  changes TEXT NOT NULL
);

-- table rehab_enrolment ON rehab_enrolment
CREATE TABLE rehab_enrolment (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  category TEXT NOT NULL CHECK (category IN ('visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism')),
  cochlear_implant INTEGER NOT NULL DEFAULT 0 CHECK (cochlear_implant IN (0, 1)),
  start_date TEXT NOT NULL,
  funding TEXT NOT NULL CHECK (funding IN ('relief', 'self', 'other')),
  therapist_id INTEGER NOT NULL REFERENCES rehab_therapist (id) ON DELETE RESTRICT,
  status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'discharged')),
  status_date TEXT NOT NULL,
  discharge_reason TEXT NOT NULL DEFAULT '',
  schedule_days TEXT NOT NULL DEFAULT '' CHECK (schedule_days NOT GLOB '*[^1-7]*'),
  schedule_start INTEGER CHECK (schedule_start IS NULL OR schedule_start BETWEEN 0 AND 1439),
  schedule_minutes INTEGER NOT NULL DEFAULT 40 CHECK (schedule_minutes BETWEEN 5 AND 480),
  default_type TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK ((status = 'discharged') = (discharge_reason <> ''))
);

-- table rehab_goal ON rehab_goal
CREATE TABLE rehab_goal (
  id INTEGER PRIMARY KEY,
  enrolment_id INTEGER NOT NULL REFERENCES rehab_enrolment (id) ON DELETE RESTRICT,
  domain TEXT NOT NULL,
  goal TEXT NOT NULL CHECK (length(goal) BETWEEN 1 AND 200),
  target_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'achieved', 'partly', 'dropped')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table rehab_session ON rehab_session
CREATE TABLE rehab_session (
  id INTEGER PRIMARY KEY,
  enrolment_id INTEGER NOT NULL REFERENCES rehab_enrolment (id) ON DELETE RESTRICT,
  therapist_id INTEGER NOT NULL REFERENCES rehab_therapist (id) ON DELETE RESTRICT,
  session_date TEXT NOT NULL,
  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480 AND start_minute + minutes <= 1440),
  type TEXT NOT NULL CHECK (type IN ('auditory_verbal', 'cognitive', 'pt', 'ot', 'st', 'sensory', 'aba', 'low_vision', 'other')),
  attendance TEXT NOT NULL CHECK (attendance IN ('present', 'absent', 'leave')),
  group_id INTEGER,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table rehab_session_goal ON rehab_session_goal
CREATE TABLE rehab_session_goal (
  session_id INTEGER NOT NULL REFERENCES rehab_session (id) ON DELETE CASCADE,
  goal_id INTEGER NOT NULL REFERENCES rehab_goal (id) ON DELETE RESTRICT,
  PRIMARY KEY (session_id, goal_id)
) WITHOUT ROWID;

-- table rehab_therapist ON rehab_therapist
CREATE TABLE rehab_therapist (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table rehab_visit ON rehab_visit
CREATE TABLE rehab_visit (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  visited_on TEXT NOT NULL,
  visitor TEXT NOT NULL CHECK (length(visitor) BETWEEN 1 AND 50),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table ret_device_fitting ON ret_device_fitting
CREATE TABLE ret_device_fitting (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, fitting_ref INTEGER NOT NULL, person_key TEXT NOT NULL, device_class TEXT NOT NULL, kind TEXT NOT NULL,
  fitted_on TEXT NOT NULL, replace_from TEXT NOT NULL, cost_fen INTEGER NOT NULL, subsidy_fen INTEGER NOT NULL,
  self_paid_fen INTEGER NOT NULL, rule_applied TEXT NOT NULL
);

-- table ret_device_followup ON ret_device_followup
CREATE TABLE ret_device_followup (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, fitting_ref INTEGER NOT NULL, visited_on TEXT NOT NULL, outcome TEXT NOT NULL
);

-- table ret_figure ON ret_figure
CREATE TABLE ret_figure (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL,
  metric TEXT NOT NULL,
  dim1 TEXT NOT NULL DEFAULT '',
  dim2 TEXT NOT NULL DEFAULT '',
  value INTEGER NOT NULL,
  PRIMARY KEY (package_id, centre_code, metric, dim1, dim2)
) WITHOUT ROWID;

-- table ret_person ON ret_person
CREATE TABLE ret_person (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, person_key TEXT NOT NULL, name TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL,
  disability_category INTEGER, disability_level INTEGER, cert_expiry TEXT, household TEXT NOT NULL, archived INTEGER NOT NULL,
  match_key TEXT NOT NULL
);

-- table ret_placement ON ret_placement
CREATE TABLE ret_placement (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, placement_ref INTEGER NOT NULL, person_key TEXT NOT NULL, placement_type TEXT NOT NULL,
  start_date TEXT NOT NULL, end_date TEXT, monthly_wage_fen INTEGER, full_time INTEGER NOT NULL, has_contract INTEGER NOT NULL,
  social_insurance INTEGER NOT NULL
);

-- table ret_placement_followup ON ret_placement_followup
CREATE TABLE ret_placement_followup (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, placement_ref INTEGER NOT NULL, months INTEGER NOT NULL, due_on TEXT NOT NULL, done_on TEXT,
  still_employed INTEGER
);

-- table ret_rehab_enrolment ON ret_rehab_enrolment
CREATE TABLE ret_rehab_enrolment (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, enrolment_ref INTEGER NOT NULL, person_key TEXT NOT NULL, category TEXT NOT NULL, funding TEXT NOT NULL,
  cochlear_implant INTEGER NOT NULL, start_date TEXT NOT NULL, status TEXT NOT NULL, status_date TEXT NOT NULL
);

-- table ret_rehab_session ON ret_rehab_session
CREATE TABLE ret_rehab_session (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, enrolment_ref INTEGER NOT NULL, session_date TEXT NOT NULL, start_minute INTEGER NOT NULL,
  minutes INTEGER NOT NULL, type TEXT NOT NULL, attendance TEXT NOT NULL
);

-- table ret_rehab_visit ON ret_rehab_visit
CREATE TABLE ret_rehab_visit (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, person_key TEXT NOT NULL, visited_on TEXT NOT NULL
);

-- table ret_source ON ret_source
CREATE TABLE ret_source (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, centre_name TEXT NOT NULL, centre_type TEXT NOT NULL, region_code TEXT NOT NULL,
  period TEXT NOT NULL, exported_at TEXT NOT NULL, deidentified INTEGER NOT NULL, claims TEXT NOT NULL
);

-- table ret_span ON ret_span
CREATE TABLE ret_span (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  programme TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  match_key TEXT NOT NULL,
  centre_code TEXT NOT NULL,
  person_key TEXT NOT NULL,
  ref TEXT NOT NULL,
  span_from TEXT NOT NULL,
  span_to TEXT NOT NULL CHECK (span_to >= span_from)
);

-- table ret_subsidy_claim ON ret_subsidy_claim
CREATE TABLE ret_subsidy_claim (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, claim_ref TEXT NOT NULL, line_seq INTEGER NOT NULL, programme TEXT NOT NULL, kind TEXT NOT NULL,
  person_key TEXT NOT NULL, service_from TEXT NOT NULL, service_to TEXT NOT NULL, status TEXT NOT NULL, amount_fen INTEGER NOT NULL
);

-- table ret_training_certificate ON ret_training_certificate
CREATE TABLE ret_training_certificate (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, class_ref INTEGER NOT NULL, person_key TEXT NOT NULL, cert_type TEXT NOT NULL, issued_on TEXT NOT NULL
);

-- table ret_training_class ON ret_training_class
CREATE TABLE ret_training_class (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, class_ref INTEGER NOT NULL, course_type TEXT NOT NULL, course_name TEXT NOT NULL,
  start_date TEXT NOT NULL, end_date TEXT NOT NULL, total_hours INTEGER NOT NULL
);

-- table ret_training_enrolment ON ret_training_enrolment
CREATE TABLE ret_training_enrolment (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, class_ref INTEGER NOT NULL, person_key TEXT NOT NULL, enrolled_on TEXT NOT NULL, completed_on TEXT
);

-- table ret_visit_due ON ret_visit_due
CREATE TABLE ret_visit_due (
  package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT,
  centre_code TEXT NOT NULL, person_key TEXT NOT NULL, frequency TEXT NOT NULL, due_on TEXT NOT NULL, done_on TEXT
);

-- table return_export ON return_export
CREATE TABLE return_export (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('centre', 'consolidation')),
  period TEXT NOT NULL,
  deidentified INTEGER NOT NULL CHECK (deidentified IN (0, 1)),
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL,
  checksum TEXT NOT NULL CHECK (length(checksum) = 64),
  row_count INTEGER NOT NULL CHECK (row_count >= 0),
  byte_count INTEGER NOT NULL CHECK (byte_count >= 0),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

-- table return_import ON return_import
CREATE TABLE return_import (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  finished_at TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'failed'))
);

-- table return_import_file ON return_import_file
CREATE TABLE return_import_file (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES return_import (id) ON DELETE RESTRICT,
  file_name TEXT NOT NULL,
  file_path TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'replaced', 'rejected')),
  code TEXT,
  params TEXT NOT NULL DEFAULT '{}',
  package_id INTEGER REFERENCES return_package (id) ON DELETE RESTRICT,
  replaced_package_id INTEGER REFERENCES return_package (id) ON DELETE RESTRICT,
  at TEXT NOT NULL,
  CHECK ((outcome = 'rejected') = (code IS NOT NULL))
);

-- table return_package ON return_package
CREATE TABLE return_package (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('importing', 'current', 'replaced')),
  kind TEXT NOT NULL CHECK (kind IN ('centre', 'consolidation')),
  centre_code TEXT NOT NULL CHECK (length(centre_code) = 18),
  centre_name TEXT NOT NULL,
  centre_type TEXT NOT NULL,
  region_code TEXT NOT NULL,
  period TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL CHECK (period_to >= period_from),
  format_version INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  app_version TEXT NOT NULL,
  exported_at TEXT NOT NULL,
  deidentified INTEGER NOT NULL CHECK (deidentified IN (0, 1)),
  key_fingerprint TEXT NOT NULL DEFAULT '',
  claims TEXT NOT NULL CHECK (claims IN ('absent', 'included')),
  checksum TEXT NOT NULL CHECK (length(checksum) = 64),
  file_name TEXT NOT NULL,
  row_counts TEXT NOT NULL,
  replaced_by INTEGER REFERENCES return_package (id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table setting ON setting
CREATE TABLE setting (
  key TEXT NOT NULL,
  effective_from TEXT NOT NULL DEFAULT '0000-01-01',
  value TEXT NOT NULL,
  PRIMARY KEY (key, effective_from)
) WITHOUT ROWID;

-- table training_attendance ON training_attendance
CREATE TABLE training_attendance (
  session_id INTEGER NOT NULL REFERENCES training_session (id) ON DELETE RESTRICT,
  enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id) ON DELETE RESTRICT,
  status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'leave')),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (session_id, enrolment_id)
) WITHOUT ROWID;

-- table training_certificate ON training_certificate
CREATE TABLE training_certificate (
  id INTEGER PRIMARY KEY,
  enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id) ON DELETE RESTRICT,
  cert_type TEXT NOT NULL,
  number TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  issuer TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

-- table training_class ON training_class
CREATE TABLE training_class (
  id INTEGER PRIMARY KEY,
  course_type TEXT NOT NULL CHECK (length(course_type) BETWEEN 1 AND 40),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL CHECK (end_date >= start_date),
  total_hours INTEGER NOT NULL CHECK (total_hours > 0),
  teacher TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- table training_enrolment ON training_enrolment
CREATE TABLE training_enrolment (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES training_class (id) ON DELETE RESTRICT,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  enrolled_on TEXT NOT NULL,
  completed_on TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (class_id, person_id)
);

-- table training_session ON training_session
CREATE TABLE training_session (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES training_class (id) ON DELETE RESTRICT,
  date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (class_id, date)
);

-- trigger audit_log_no_delete ON audit_log
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger audit_log_no_update ON audit_log
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger device_fitting_claim_delete ON device_fitting
CREATE TRIGGER device_fitting_claim_delete BEFORE DELETE ON device_fitting
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'device_fitting' AND record_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'device_fitting' AND record_id = OLD.id ORDER BY number LIMIT 1));
END;

-- trigger device_fitting_claim_update ON device_fitting
CREATE TRIGGER device_fitting_claim_update BEFORE UPDATE ON device_fitting
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'device_fitting' AND record_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'device_fitting' AND record_id = OLD.id ORDER BY number LIMIT 1));
END;

-- trigger rehab_session_claim_delete ON rehab_session
CREATE TRIGGER rehab_session_claim_delete BEFORE DELETE ON rehab_session
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'rehab_session' AND record_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'rehab_session' AND record_id = OLD.id ORDER BY number LIMIT 1));
END;

-- trigger rehab_session_claim_update ON rehab_session
CREATE TRIGGER rehab_session_claim_update BEFORE UPDATE ON rehab_session
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'rehab_session' AND record_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'rehab_session' AND record_id = OLD.id ORDER BY number LIMIT 1));
END;

-- trigger training_attendance_claim_delete ON training_attendance
CREATE TRIGGER training_attendance_claim_delete BEFORE DELETE ON training_attendance
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.enrolment_id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.enrolment_id ORDER BY number LIMIT 1));
END;

-- trigger training_attendance_claim_update ON training_attendance
CREATE TRIGGER training_attendance_claim_update BEFORE UPDATE ON training_attendance
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.enrolment_id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.enrolment_id ORDER BY number LIMIT 1));
END;

-- trigger training_completion_claim_update ON training_enrolment
CREATE TRIGGER training_completion_claim_update BEFORE UPDATE OF completed_on, class_id, person_id ON training_enrolment
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.id ORDER BY number LIMIT 1));
END;

-- trigger training_enrolment_claim_delete ON training_enrolment
CREATE TRIGGER training_enrolment_claim_delete BEFORE DELETE ON training_enrolment
WHEN EXISTS (SELECT 1 FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'CLAIM_LOCKED:' || (SELECT number FROM claim_locked WHERE record_type = 'training_enrolment' AND record_id = OLD.id ORDER BY number LIMIT 1));
END;

-- view claim_locked ON claim_locked
CREATE VIEW claim_locked AS
  SELECT k.record_type, k.record_id, b.number, b.id AS batch_id
  FROM claim_lock k JOIN claim_line l ON l.id = k.line_id JOIN claim_batch b ON b.id = l.batch_id
  WHERE l.excluded = 0 AND b.status IN ('submitted', 'approved', 'paid');

-- view rehab_service_day ON rehab_service_day
CREATE VIEW rehab_service_day AS
  SELECT DISTINCT session_date AS service_date, enrolment_id FROM rehab_session WHERE attendance = 'present';
