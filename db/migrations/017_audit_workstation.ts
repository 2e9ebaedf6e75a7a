// 017: the audit trail records the workstation beside the account: for a call over the centre's
// network, the client's address and the name it gave ("192.168.1.21（前台电脑）"); NULL for this PC.
// Informative, not protected: the column is outside the hash chain (db/trust/audit.ts), so entries
// written before it verify unchanged.
export default /* sql */ `
ALTER TABLE audit_log ADD COLUMN workstation TEXT CHECK (workstation IS NULL OR length(workstation) BETWEEN 1 AND 100);
-- The audit screen's filter: entries from this PC (NULL) or from the network, newest first.
CREATE INDEX audit_log_workstation ON audit_log (workstation, id);
`;
