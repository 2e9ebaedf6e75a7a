// 008: each account keeps its own interface language, so one person's switch does not change
// everyone's. Existing accounts start with the language the file had for all.
export default /* sql */ `
ALTER TABLE account ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));
UPDATE account SET locale = coalesce(
  (SELECT json_extract(value, '$') FROM setting WHERE key = 'ui.locale' AND json_extract(value, '$') IN ('zh-CN', 'en')
   ORDER BY effective_from DESC LIMIT 1),
  'zh-CN');
`;
