// 018: claims speed (issue 13). claim_line_batch duplicated the index of UNIQUE (batch_id, seq):
// every line written or deleted paid for it twice (removing a 100,000-line draft made 100,000
// needless index deletions). A draft's lines no longer link the records they rest on (only a
// submitted, approved or paid batch locks them, and submitting links them): the links drafts hold
// now go. Lines written from now on keep their records (the explanation's list) deflated; rows
// already stored stay as they are and read back the same (a claimed line is never rewritten).
export default /* sql */ `
DROP INDEX claim_line_batch;
DELETE FROM claim_lock WHERE line_id IN (SELECT l.id FROM claim_line l JOIN claim_batch b ON b.id = l.batch_id WHERE b.status IN ('draft', 'rejected'));
`;
