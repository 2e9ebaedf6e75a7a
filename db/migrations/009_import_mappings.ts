// 009: column mappings the user fixed on an import's preview, remembered for later files whose
// header row is the same (keyed by a hash of the normalised headers), per kind of import.
export default /* sql */ `
CREATE TABLE import_column_map (
  kind TEXT NOT NULL CHECK (kind IN ('roster')),
  header_hash TEXT NOT NULL CHECK (length(header_hash) = 64),
  columns TEXT NOT NULL CHECK (json_valid(columns) AND json_type(columns) = 'array'),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (kind, header_hash)
) WITHOUT ROWID;
`;
