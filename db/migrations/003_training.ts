// 003: training and employment (实名制培训与就业): classes, enrolment, attendance, certificates,
// employers, placements and their follow-ups (就业跟踪问效).
export default /* sql */ `
-- A training class. course_type is a built-in code or one added in the settings.
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
CREATE INDEX training_class_start ON training_class (start_date, id);
CREATE INDEX training_class_type ON training_class (course_type, start_date);

-- A trainee in a class, by real name: one person once per class.
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
CREATE INDEX training_enrolment_person ON training_enrolment (person_id, class_id);

-- A day the class met and attendance was taken.
CREATE TABLE training_session (
  id INTEGER PRIMARY KEY,
  class_id INTEGER NOT NULL REFERENCES training_class (id) ON DELETE RESTRICT,
  date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (class_id, date)
);

CREATE TABLE training_attendance (
  session_id INTEGER NOT NULL REFERENCES training_session (id) ON DELETE RESTRICT,
  enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id) ON DELETE RESTRICT,
  status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'leave')),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (session_id, enrolment_id)
) WITHOUT ROWID;
CREATE INDEX training_attendance_enrolment ON training_attendance (enrolment_id, status);

-- Certificates earned through a class (保健按摩/医疗按摩 qualification, vocational skill…).
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
CREATE INDEX training_certificate_enrolment ON training_certificate (enrolment_id);
CREATE INDEX training_certificate_type ON training_certificate (cert_type);

-- Employers, reused across placements; the unified social credit code identifies them.
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
CREATE INDEX employer_name ON employer (name, id);

-- A job (or self-employment) held by a person. Wage in fen.
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
CREATE INDEX placement_person ON placement (person_id, start_date);
CREATE INDEX placement_start ON placement (start_date, id);
CREATE INDEX placement_employer ON placement (employer_id);

-- 就业跟踪问效: scheduled months after the start; outcome recorded when done.
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
CREATE INDEX placement_followup_open ON placement_followup (due_on) WHERE done_on IS NULL;
CREATE INDEX placement_followup_months ON placement_followup (months, still_employed);
`;
