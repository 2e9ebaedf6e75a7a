// 012: 精准康复 — needs, child screening and diagnosis certificates, one plan per person (一人一案),
// referrals, certificate reminders, indicator targets; certificate reissue suffixes and earlier
// numbers; where a rehab session happens and parent training.
export default /* sql */ `
-- A reissued certificate keeps its 20 characters and appends B1, B2, … (provincial practice): the
-- suffix is stored apart so the 20-character number, its CHECK and its unique index stay as they are.
ALTER TABLE person ADD COLUMN cert_reissue INTEGER NOT NULL DEFAULT 0 CHECK (cert_reissue BETWEEN 0 AND 99);

-- Certificate numbers a person held before (a reissue, a new category or level), kept searchable.
CREATE TABLE person_cert_history (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  cert_number TEXT NOT NULL CHECK (length(cert_number) BETWEEN 20 AND 23),
  cert_expiry TEXT,
  replaced_at TEXT NOT NULL,
  replaced_by TEXT NOT NULL
);
CREATE INDEX person_cert_history_person ON person_cert_history (person_id, id);
CREATE INDEX person_cert_history_number ON person_cert_history (cert_number);

-- A recorded need (需求): from the yearly dynamic survey, a screening or an application. Rehab needs
-- name the service type, device needs the catalogue item. Closed by the service that meets it
-- (met) or with a reason (closed).
CREATE TABLE need (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('rehab', 'device', 'training', 'employment')),
  service TEXT NOT NULL DEFAULT '' CHECK (
    (kind = 'rehab' AND service IN ('training', 'device', 'medical', 'care', 'surgery')) OR (kind <> 'rehab' AND service = '')),
  device_item_id INTEGER REFERENCES device_item (id) ON DELETE RESTRICT,
  source TEXT NOT NULL CHECK (source IN ('survey', 'screening', 'application')),
  recorded_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'closed')),
  closed_on TEXT,
  met_by TEXT CHECK (met_by IS NULL OR met_by IN ('rehab_enrolment', 'device_fitting', 'training_enrolment', 'placement', 'referral')),
  met_ref INTEGER,
  close_reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK (kind = 'device' OR device_item_id IS NULL),
  CHECK ((status = 'open') = (closed_on IS NULL)),
  CHECK ((status = 'met') = (met_by IS NOT NULL)),
  CHECK ((status = 'closed') = (close_reason <> '')),
  CHECK (closed_on IS NULL OR closed_on >= recorded_on)
);
CREATE INDEX need_person ON need (person_id, recorded_on);
-- The indicators read a year's needs by kind.
CREATE INDEX need_kind ON need (kind, recorded_on, person_id);

-- Child screening (筛查): who screened, when, the result, and the suspected disability.
CREATE TABLE child_screening (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  screened_on TEXT NOT NULL,
  screener TEXT NOT NULL CHECK (length(screener) BETWEEN 1 AND 80),
  result TEXT NOT NULL CHECK (result IN ('negative', 'suspected', 'refer')),
  suspected TEXT NOT NULL DEFAULT '' CHECK (suspected IN ('', 'visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism')),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK ((result = 'negative') = (suspected = ''))
);
CREATE INDEX child_screening_person ON child_screening (person_id, screened_on);

-- A hospital's diagnosis certificate (诊断证明): lets a child be enrolled for relief before a
-- disability certificate exists; linked to that certificate once issued.
CREATE TABLE child_diagnosis (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  hospital TEXT NOT NULL CHECK (length(hospital) BETWEEN 1 AND 80),
  diagnosed_on TEXT NOT NULL,
  diagnosis TEXT NOT NULL CHECK (length(diagnosis) BETWEEN 1 AND 200),
  category TEXT NOT NULL CHECK (category IN ('visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism')),
  linked_cert TEXT NOT NULL DEFAULT '',
  linked_on TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK ((linked_cert = '') = (linked_on IS NULL))
);
CREATE INDEX child_diagnosis_person ON child_diagnosis (person_id, diagnosed_on);

-- One plan per person (一人一案): the services planned across areas, the confirmation by the
-- person or guardian, and the review.
CREATE TABLE service_plan (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL UNIQUE REFERENCES person (id) ON DELETE RESTRICT,
  made_on TEXT NOT NULL,
  confirmed_by TEXT NOT NULL DEFAULT '',
  confirmed_role TEXT NOT NULL DEFAULT '' CHECK (confirmed_role IN ('', 'person', 'guardian')),
  confirmed_on TEXT,
  review_on TEXT,
  review_outcome TEXT NOT NULL DEFAULT '',
  reviewed_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK ((confirmed_on IS NULL) = (confirmed_by = '')),
  CHECK ((confirmed_on IS NULL) = (confirmed_role = '')),
  CHECK ((reviewed_on IS NULL) = (review_outcome = ''))
);

CREATE TABLE service_plan_item (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES service_plan (id) ON DELETE CASCADE,
  area TEXT NOT NULL CHECK (area IN ('rehab', 'devices', 'training', 'placement')),
  service TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 200),
  need_id INTEGER REFERENCES need (id) ON DELETE RESTRICT,
  planned_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_plan_item_plan ON service_plan_item (plan_id, id);
CREATE INDEX service_plan_item_need ON service_plan_item (need_id) WHERE need_id IS NOT NULL;

-- Referrals (转介/双向转诊) to or from another centre or hospital.
CREATE TABLE referral (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  partner_kind TEXT NOT NULL CHECK (partner_kind IN ('centre', 'hospital')),
  partner TEXT NOT NULL CHECK (length(partner) BETWEEN 1 AND 80),
  referred_on TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'completed')),
  outcome TEXT NOT NULL DEFAULT '',
  transfer_file TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX referral_person ON referral (person_id, referred_on);
CREATE INDEX referral_date ON referral (referred_on, id);

-- A child's rehab record received from another centre (the transfer file, verified on import).
CREATE TABLE rehab_transfer_in (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  from_centre TEXT NOT NULL,
  file_checksum TEXT NOT NULL UNIQUE CHECK (length(file_checksum) = 64),
  summary TEXT NOT NULL CHECK (json_valid(summary)),
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE INDEX rehab_transfer_in_person ON rehab_transfer_in (person_id);

-- Certificate expiry reminders (002_…txt 四: at ≤ 6 months and at ≤ 1 month), each one recorded.
CREATE TABLE cert_reminder (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  cert_expiry TEXT NOT NULL,
  reminded_on TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('phone', 'sms', 'letter', 'in_person')),
  reminded_by TEXT NOT NULL CHECK (length(reminded_by) BETWEEN 1 AND 50),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX cert_reminder_person ON cert_reminder (person_id, cert_expiry, reminded_on);

-- Annual targets per indicator, in per mille (99% = 990), entered here or from the office's file.
CREATE TABLE indicator_target (
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  indicator TEXT NOT NULL,
  permille INTEGER NOT NULL CHECK (permille BETWEEN 0 AND 1000),
  source TEXT NOT NULL CHECK (source IN ('centre', 'office')),
  file_checksum TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (year, indicator)
) WITHOUT ROWID;

-- Where a session happens: at the centre, in the community, or at home (送康复上门).
ALTER TABLE rehab_session ADD COLUMN location TEXT NOT NULL DEFAULT 'centre' CHECK (location IN ('centre', 'community', 'home'));

-- Parent training (家长培训) for a child in rehab: who, what, how long (hours in tenths).
CREATE TABLE rehab_parent_training (
  id INTEGER PRIMARY KEY,
  enrolment_id INTEGER NOT NULL REFERENCES rehab_enrolment (id) ON DELETE RESTRICT,
  trained_on TEXT NOT NULL,
  parent TEXT NOT NULL CHECK (length(parent) BETWEEN 1 AND 50),
  topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 100),
  tenth_hours INTEGER NOT NULL CHECK (tenth_hours BETWEEN 1 AND 240),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX rehab_parent_training_enrolment ON rehab_parent_training (enrolment_id, trained_on);
CREATE INDEX rehab_parent_training_date ON rehab_parent_training (trained_on);
`;
