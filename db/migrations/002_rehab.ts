// 002: child rehabilitation (残疾儿童康复救助): therapists, enrolments, plans and goals, assessments,
// sessions (the hot write path), home visits (访视), and a change log for edits and deletions.
export default /* sql */ `
-- The centre's therapists. Not user accounts (those come later): a name the records point to.
CREATE TABLE rehab_therapist (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

-- A child's place in the programme, from start to discharge. status_date is when the current
-- status took effect (the start for active, the pause, the discharge date).
-- The weekly schedule is deliberately simple: ISO weekdays as digits ('135' = Mon, Wed, Fri), one
-- start minute and a length; the day view lists children by it.
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
-- One open (active or paused) enrolment per child; the rule says so first, this guards it.
CREATE UNIQUE INDEX rehab_enrolment_open ON rehab_enrolment (person_id) WHERE status <> 'discharged';
CREATE INDEX rehab_enrolment_person ON rehab_enrolment (person_id, start_date);
CREATE INDEX rehab_enrolment_therapist ON rehab_enrolment (therapist_id, status);
CREATE INDEX rehab_enrolment_status ON rehab_enrolment (status, start_date);

-- The rehab plan: goals per training domain.
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
CREATE INDEX rehab_goal_enrolment ON rehab_goal (enrolment_id, id);

-- Assessments (intake, periodic, discharge) and their scores or levels per domain.
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
CREATE INDEX rehab_assessment_enrolment ON rehab_assessment (enrolment_id, assessed_on, id);

CREATE TABLE rehab_assessment_score (
  assessment_id INTEGER NOT NULL REFERENCES rehab_assessment (id) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  score REAL,
  level TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (assessment_id, domain),
  CHECK (score IS NOT NULL OR level <> '')
) WITHOUT ROWID;

-- Sessions: the hottest table (a therapist logs ~20 a day; a big centre holds a million rows).
-- Time is minutes after midnight so overlaps are plain arithmetic. group_id ties the children of
-- one group session together (the id of its first row).
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
-- Per child and month (calendar, service days, claims) and per therapist and day (day view, overlaps).
CREATE INDEX rehab_session_child ON rehab_session (enrolment_id, session_date, start_minute);
CREATE INDEX rehab_session_therapist ON rehab_session (therapist_id, session_date, start_minute);
-- The centre's month summary and the per-day views read a month of sessions from this index alone.
CREATE INDEX rehab_session_month ON rehab_session (session_date, enrolment_id, attendance, type);

CREATE TABLE rehab_session_goal (
  session_id INTEGER NOT NULL REFERENCES rehab_session (id) ON DELETE CASCADE,
  goal_id INTEGER NOT NULL REFERENCES rehab_goal (id) ON DELETE RESTRICT,
  PRIMARY KEY (session_id, goal_id)
) WITHOUT ROWID;
CREATE INDEX rehab_session_goal_goal ON rehab_session_goal (goal_id);

-- A service day (服务日) is a date on which a child attended at least one session. Subsidy claims
-- count these per child and month: SELECT count(*) FROM rehab_service_day WHERE enrolment_id = ?
-- AND service_date BETWEEN ? AND ? (served by rehab_session_child; a date range of the whole
-- centre by rehab_session_month, read in index order).
CREATE VIEW rehab_service_day AS
  SELECT DISTINCT session_date AS service_date, enrolment_id FROM rehab_session WHERE attendance = 'present';

-- Home visits (访视), to children in the programme and to anyone on the register.
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
CREATE INDEX rehab_visit_person ON rehab_visit (person_id, visited_on);

-- Who changed or deleted what and when (creation is on the rows themselves: created_at/by).
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
CREATE INDEX rehab_change_enrolment ON rehab_change (enrolment_id, id) WHERE enrolment_id IS NOT NULL;
CREATE INDEX rehab_change_entity ON rehab_change (entity, entity_id, id);
`;
