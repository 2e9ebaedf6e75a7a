// The ordered list of schema migrations. Forward-only: a shipped migration is never edited;
// a change is a new numbered file appended here. The schema version is this list's length.
import m001 from './001_people';

export const MIGRATIONS: readonly string[] = [m001];
export const SCHEMA_VERSION = MIGRATIONS.length;
