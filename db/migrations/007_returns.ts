// 007: consolidated returns (汇总上报): the return packages this centre exported, and for an upper
// office the packages it imported, their rows (ret_*: the package tables, each row tagged with
// the package it came in), figures per centre worked out on import, and service spans for the
// cross-centre check.
const STAMPS = `created_at TEXT NOT NULL,
  created_by TEXT NOT NULL`;
const PKG = 'package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT';

export default /* sql */ `
-- Return packages written by this installation (a centre's own, or a consolidation sent upward).
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
  ${STAMPS}
);

-- Packages imported in consolidation mode. One counts (status current) per centre and period;
-- a later export replaces it (status replaced, replaced_by the new one). While its rows are being
-- copied a package is 'importing' and nothing reads it.
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
  ${STAMPS},
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE UNIQUE INDEX return_package_current ON return_package (centre_code, period) WHERE status = 'current';
CREATE INDEX return_package_period ON return_package (period, status, id);

-- Each import (one pick of files or folders) and what became of every file in it.
CREATE TABLE return_import (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  finished_at TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'failed'))
);
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
CREATE INDEX return_import_file_import ON return_import_file (import_id, id);

-- The package tables (format 2), each row with the package it came in. See db/returns/FORMAT.md.
CREATE TABLE ret_source (
  ${PKG},
  centre_code TEXT NOT NULL, centre_name TEXT NOT NULL, centre_type TEXT NOT NULL, region_code TEXT NOT NULL,
  period TEXT NOT NULL, exported_at TEXT NOT NULL, deidentified INTEGER NOT NULL, claims TEXT NOT NULL
);
CREATE INDEX ret_source_package ON ret_source (package_id, centre_code);

-- match_key: what the cross-centre check compares (the keyed hash when the office has a key).
CREATE TABLE ret_person (
  ${PKG},
  centre_code TEXT NOT NULL, person_key TEXT NOT NULL, name TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL,
  disability_category INTEGER, disability_level INTEGER, cert_expiry TEXT, household TEXT NOT NULL, archived INTEGER NOT NULL,
  match_key TEXT NOT NULL
);
CREATE INDEX ret_person_key ON ret_person (package_id, centre_code, person_key);

CREATE TABLE ret_rehab_enrolment (
  ${PKG},
  centre_code TEXT NOT NULL, enrolment_ref INTEGER NOT NULL, person_key TEXT NOT NULL, category TEXT NOT NULL, funding TEXT NOT NULL,
  cochlear_implant INTEGER NOT NULL, start_date TEXT NOT NULL, status TEXT NOT NULL, status_date TEXT NOT NULL
);
CREATE INDEX ret_rehab_enrolment_ref ON ret_rehab_enrolment (package_id, centre_code, enrolment_ref);

CREATE TABLE ret_rehab_session (
  ${PKG},
  centre_code TEXT NOT NULL, enrolment_ref INTEGER NOT NULL, session_date TEXT NOT NULL, start_minute INTEGER NOT NULL,
  minutes INTEGER NOT NULL, type TEXT NOT NULL, attendance TEXT NOT NULL
);
CREATE INDEX ret_rehab_session_child ON ret_rehab_session (package_id, centre_code, enrolment_ref, attendance, session_date);

CREATE TABLE ret_rehab_visit (
  ${PKG},
  centre_code TEXT NOT NULL, person_key TEXT NOT NULL, visited_on TEXT NOT NULL
);
CREATE INDEX ret_rehab_visit_package ON ret_rehab_visit (package_id);

CREATE TABLE ret_visit_due (
  ${PKG},
  centre_code TEXT NOT NULL, person_key TEXT NOT NULL, frequency TEXT NOT NULL, due_on TEXT NOT NULL, done_on TEXT
);
CREATE INDEX ret_visit_due_package ON ret_visit_due (package_id, centre_code);

CREATE TABLE ret_training_class (
  ${PKG},
  centre_code TEXT NOT NULL, class_ref INTEGER NOT NULL, course_type TEXT NOT NULL, course_name TEXT NOT NULL,
  start_date TEXT NOT NULL, end_date TEXT NOT NULL, total_hours INTEGER NOT NULL
);
CREATE INDEX ret_training_class_ref ON ret_training_class (package_id, centre_code, class_ref);

CREATE TABLE ret_training_enrolment (
  ${PKG},
  centre_code TEXT NOT NULL, class_ref INTEGER NOT NULL, person_key TEXT NOT NULL, enrolled_on TEXT NOT NULL, completed_on TEXT
);
CREATE INDEX ret_training_enrolment_class ON ret_training_enrolment (package_id, centre_code, class_ref);

CREATE TABLE ret_training_certificate (
  ${PKG},
  centre_code TEXT NOT NULL, class_ref INTEGER NOT NULL, person_key TEXT NOT NULL, cert_type TEXT NOT NULL, issued_on TEXT NOT NULL
);
CREATE INDEX ret_training_certificate_package ON ret_training_certificate (package_id, centre_code, class_ref);

CREATE TABLE ret_placement (
  ${PKG},
  centre_code TEXT NOT NULL, placement_ref INTEGER NOT NULL, person_key TEXT NOT NULL, placement_type TEXT NOT NULL,
  start_date TEXT NOT NULL, end_date TEXT, monthly_wage_fen INTEGER, full_time INTEGER NOT NULL, has_contract INTEGER NOT NULL,
  social_insurance INTEGER NOT NULL
);
CREATE INDEX ret_placement_package ON ret_placement (package_id, centre_code, placement_ref);

CREATE TABLE ret_placement_followup (
  ${PKG},
  centre_code TEXT NOT NULL, placement_ref INTEGER NOT NULL, months INTEGER NOT NULL, due_on TEXT NOT NULL, done_on TEXT,
  still_employed INTEGER
);
CREATE INDEX ret_placement_followup_package ON ret_placement_followup (package_id, centre_code);

CREATE TABLE ret_device_fitting (
  ${PKG},
  centre_code TEXT NOT NULL, fitting_ref INTEGER NOT NULL, person_key TEXT NOT NULL, device_class TEXT NOT NULL, kind TEXT NOT NULL,
  fitted_on TEXT NOT NULL, replace_from TEXT NOT NULL, cost_fen INTEGER NOT NULL, subsidy_fen INTEGER NOT NULL,
  self_paid_fen INTEGER NOT NULL, rule_applied TEXT NOT NULL
);
CREATE INDEX ret_device_fitting_package ON ret_device_fitting (package_id, centre_code);

CREATE TABLE ret_device_followup (
  ${PKG},
  centre_code TEXT NOT NULL, fitting_ref INTEGER NOT NULL, visited_on TEXT NOT NULL, outcome TEXT NOT NULL
);
CREATE INDEX ret_device_followup_package ON ret_device_followup (package_id, centre_code);

CREATE TABLE ret_subsidy_claim (
  ${PKG},
  centre_code TEXT NOT NULL, claim_ref TEXT NOT NULL, line_seq INTEGER NOT NULL, programme TEXT NOT NULL, kind TEXT NOT NULL,
  person_key TEXT NOT NULL, service_from TEXT NOT NULL, service_to TEXT NOT NULL, status TEXT NOT NULL, amount_fen INTEGER NOT NULL
);
CREATE INDEX ret_subsidy_claim_package ON ret_subsidy_claim (package_id, centre_code);

-- Figures per centre worked out when a package is imported; statistics add them up.
CREATE TABLE ret_figure (
  ${PKG},
  centre_code TEXT NOT NULL,
  metric TEXT NOT NULL,
  dim1 TEXT NOT NULL DEFAULT '',
  dim2 TEXT NOT NULL DEFAULT '',
  value INTEGER NOT NULL,
  PRIMARY KEY (package_id, centre_code, metric, dim1, dim2)
) WITHOUT ROWID;

-- Who was served by a programme when (clipped to the period), for the cross-centre check. scope
-- narrows the programme where it matters (the device class; the claimed programme).
CREATE TABLE ret_span (
  ${PKG},
  programme TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  match_key TEXT NOT NULL,
  centre_code TEXT NOT NULL,
  person_key TEXT NOT NULL,
  ref TEXT NOT NULL,
  span_from TEXT NOT NULL,
  span_to TEXT NOT NULL CHECK (span_to >= span_from)
);
CREATE INDEX ret_span_match ON ret_span (programme, scope, match_key);
CREATE INDEX ret_span_package ON ret_span (package_id);
`;
