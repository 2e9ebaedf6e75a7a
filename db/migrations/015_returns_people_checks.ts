// 015: format-3 return packages (issue 19, nobody left out): an office keeps, per package, what each
// centre checked of its people — its summary figures (households, 零就业家庭, family-doctor
// contracts, insured children, migrant trainees), the department lists it compared, the people its
// left-out checks found (by person key) and its satisfaction answers per service. A centre with no
// ret_centre_summary row did not report these (its package was format 2).
const PKG = 'package_id INTEGER NOT NULL REFERENCES return_package (id) ON DELETE RESTRICT';

export default /* sql */ `
CREATE TABLE ret_centre_summary (
  ${PKG},
  centre_code TEXT NOT NULL, checked_on TEXT NOT NULL,
  households INTEGER NOT NULL CHECK (households >= 0),
  multiple_households INTEGER NOT NULL CHECK (multiple_households >= 0),
  zero_employment_households INTEGER NOT NULL CHECK (zero_employment_households >= 0),
  family_doctor INTEGER NOT NULL CHECK (family_doctor >= 0),
  children_in_rehab INTEGER NOT NULL CHECK (children_in_rehab >= 0),
  insured_children INTEGER NOT NULL CHECK (insured_children >= 0),
  trainees INTEGER NOT NULL CHECK (trainees >= 0),
  migrant_trainees INTEGER NOT NULL CHECK (migrant_trainees >= 0)
);
CREATE INDEX ret_centre_summary_package ON ret_centre_summary (package_id, centre_code);

CREATE TABLE ret_department_list (
  ${PKG},
  centre_code TEXT NOT NULL, list_ref INTEGER NOT NULL, source TEXT NOT NULL, source_name TEXT NOT NULL, list_date TEXT NOT NULL,
  statuses TEXT NOT NULL, list_rows INTEGER NOT NULL, same INTEGER NOT NULL, different INTEGER NOT NULL,
  only_theirs INTEGER NOT NULL, only_ours INTEGER NOT NULL, departed INTEGER NOT NULL
);
CREATE INDEX ret_department_list_package ON ret_department_list (package_id, centre_code);

CREATE TABLE ret_left_out (
  ${PKG},
  centre_code TEXT NOT NULL, check_kind TEXT NOT NULL, person_key TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE INDEX ret_left_out_package ON ret_left_out (package_id, centre_code, check_kind);

CREATE TABLE ret_satisfaction (
  ${PKG},
  centre_code TEXT NOT NULL, service TEXT NOT NULL,
  answers INTEGER NOT NULL CHECK (answers >= 0),
  satisfied INTEGER NOT NULL CHECK (satisfied BETWEEN 0 AND answers)
);
CREATE INDEX ret_satisfaction_package ON ret_satisfaction (package_id, centre_code);
`;
