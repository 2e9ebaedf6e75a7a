// 016: when a save is refused because someone else changed the record meanwhile, the refusal says
// who changed it, when and which fields: read from the audit trail by the record's target
// ("<call>#<id>"), which needs an index to stay quick on a years-long trail.
export default /* sql */ `
CREATE INDEX audit_log_target ON audit_log (target, id);
`;
