// 014: a therapist record may belong to a staff account, so the screens a therapist opens default
// to herself (not to whoever picked last on a shared PC). One account is one therapist at most.
export default /* sql */ `
ALTER TABLE rehab_therapist ADD COLUMN account_id INTEGER REFERENCES account (id) ON DELETE RESTRICT;
CREATE UNIQUE INDEX rehab_therapist_account ON rehab_therapist (account_id) WHERE account_id IS NOT NULL;
`;
