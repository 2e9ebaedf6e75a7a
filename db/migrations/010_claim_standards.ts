// 010: claims by the local standard (issue 14): the relief approval on a child's enrolment
// (approval number, approved period, eligibility basis, the category the child is claimed under,
// an age extension and its reason), the rule path each claim line rests on, finance's answer per
// line (final once given), the service part of a device subsidy with the centre's list of rejection reasons, re-claims linked to the
// line they claim again, and the rule files imported from the county office.
export default /* sql */ `
ALTER TABLE rehab_enrolment ADD COLUMN approval_no TEXT NOT NULL DEFAULT '' CHECK (length(approval_no) <= 50);
ALTER TABLE rehab_enrolment ADD COLUMN approved_from TEXT;
ALTER TABLE rehab_enrolment ADD COLUMN approved_to TEXT CHECK (approved_to IS NULL OR approved_from IS NULL OR approved_to >= approved_from);
ALTER TABLE rehab_enrolment ADD COLUMN eligibility_basis TEXT CHECK (eligibility_basis IS NULL OR eligibility_basis IN
  ('dibao', 'poverty_registered', 'destitute', 'orphan', 'welfare_institution', 'hardship', 'other'));
ALTER TABLE rehab_enrolment ADD COLUMN eligibility_note TEXT NOT NULL DEFAULT '';
-- The category a child is claimed under (one a year); NULL: the enrolment's own category.
ALTER TABLE rehab_enrolment ADD COLUMN claim_category TEXT CHECK (claim_category IS NULL OR claim_category IN
  ('visual', 'hearing', 'speech', 'physical', 'intellectual', 'autism', 'multiple'));
ALTER TABLE rehab_enrolment ADD COLUMN age_extension TEXT CHECK (age_extension IS NULL OR age_extension IN ('not_in_school', 'limb_surgery'));
ALTER TABLE rehab_enrolment ADD COLUMN age_extension_note TEXT NOT NULL DEFAULT '';

-- What a standard line rests on (category, band, extension, months so far, cap reached), JSON.
ALTER TABLE claim_line ADD COLUMN rule_path TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(rule_path));
-- An adjustment that claims again what finance rejected or cut on the line it adjusts.
ALTER TABLE claim_line ADD COLUMN reclaim INTEGER NOT NULL DEFAULT 0 CHECK (reclaim IN (0, 1));

-- The part of a fitting's subsidy that pays the fitting service (hearing aids: 20%); the rest pays the product.
ALTER TABLE device_fitting ADD COLUMN subsidy_service_fen INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_service_fen >= 0 AND subsidy_service_fen <= subsidy_fen);

-- Why finance rejects or cuts a line: four seeded, more added by the centre (label kept as written).
CREATE TABLE claim_reject_reason (
  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
  label TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 60),
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (builtin = 1 OR label <> '')
) WITHOUT ROWID;
INSERT INTO claim_reject_reason (code, label, builtin, created_at, created_by) VALUES
  ('incomplete', '', 1, '2026-01-01T00:00:00', 'system'),
  ('over_standard', '', 1, '2026-01-01T00:00:00', 'system'),
  ('duplicate', '', 1, '2026-01-01T00:00:00', 'system'),
  ('ineligible', '', 1, '2026-01-01T00:00:00', 'system');

-- Finance's answer on one line: approved (the amount may be less than claimed) or rejected with a
-- reason. Final once given: a correction is a new line (an adjustment or a re-claim) in a later batch.
CREATE TABLE claim_answer (
  line_id INTEGER PRIMARY KEY REFERENCES claim_line (id) ON DELETE RESTRICT,
  batch_id INTEGER NOT NULL REFERENCES claim_batch (id) ON DELETE RESTRICT,
  decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
  claimed_fen INTEGER NOT NULL,
  approved_fen INTEGER NOT NULL CHECK (approved_fen >= 0 AND approved_fen <= claimed_fen),
  reason_code TEXT REFERENCES claim_reject_reason (code) ON DELETE RESTRICT,
  note TEXT NOT NULL DEFAULT '',
  answered_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (decision = 'approved' OR (approved_fen = 0 AND reason_code IS NOT NULL)),
  CHECK (approved_fen = claimed_fen OR reason_code IS NOT NULL)
);
CREATE INDEX claim_answer_batch ON claim_answer (batch_id, decision);
CREATE TRIGGER claim_answer_final_update BEFORE UPDATE ON claim_answer
BEGIN SELECT RAISE(ABORT, 'CLAIM_ANSWER_FINAL'); END;
CREATE TRIGGER claim_answer_final_delete BEFORE DELETE ON claim_answer
BEGIN SELECT RAISE(ABORT, 'CLAIM_ANSWER_FINAL'); END;

-- Rule files imported from the county office: a later file of the same office and programme
-- must carry a higher version.
CREATE TABLE claim_rule_file (
  id INTEGER PRIMARY KEY,
  programme TEXT NOT NULL CHECK (programme IN ('rehab', 'training', 'devices')),
  office TEXT NOT NULL CHECK (length(office) BETWEEN 1 AND 100),
  version INTEGER NOT NULL CHECK (version > 0),
  effective_from TEXT NOT NULL,
  checksum TEXT NOT NULL CHECK (length(checksum) = 64),
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  UNIQUE (programme, office, version)
);
`;
