// 001: settings, the people register (残疾人档案) and its change log.
export default /* sql */ `
CREATE TABLE setting (
  key TEXT NOT NULL,
  effective_from TEXT NOT NULL DEFAULT '0000-01-01',
  value TEXT NOT NULL,
  PRIMARY KEY (key, effective_from)
) WITHOUT ROWID;

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
CREATE INDEX person_name ON person (name, id);
CREATE INDEX person_birth ON person (birth_date, id);
-- Sorting puts empty values last: the leading "IS NULL" term lets these indexes serve that order.
CREATE INDEX person_category ON person (disability_category IS NULL, disability_category, disability_level, id);
CREATE INDEX person_cert_expiry ON person (cert_expiry IS NULL, cert_expiry, id);
CREATE INDEX person_cert_due ON person (cert_expiry) WHERE cert_expiry IS NOT NULL;
CREATE INDEX person_updated ON person (updated_at, id);
CREATE UNIQUE INDEX person_cert_number ON person (cert_number) WHERE cert_number IS NOT NULL;

-- One row per support status a person holds (建档立卡, 低保, 特困, …).
CREATE TABLE person_support (
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  PRIMARY KEY (person_id, status)
) WITHOUT ROWID;
CREATE INDEX person_support_status ON person_support (status, person_id);

-- Who changed what and when; written in the same transaction as the change.
CREATE TABLE person_change (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE RESTRICT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('create', 'update')),
  changes TEXT NOT NULL
);
CREATE INDEX person_change_person ON person_change (person_id, id);
`;
