// The ordered list of schema migrations. Forward-only: a shipped migration is never edited;
// a change is a new numbered file appended here. The schema version is this list's length.
import m001 from './001_people';
import m002 from './002_rehab';
import m003 from './003_training';
import m004 from './004_devices';
import m005 from './005_trust';
import m006 from './006_claims';
import m007 from './007_returns';
import m008 from './008_account_locale';
import m009 from './009_import_mappings';
import m010 from './010_claim_standards';
import m011 from './011_employment_terms';
import m012 from './012_needs_indicators';
import m013 from './013_compare_households';
import m014 from './014_staff_accounts';
import m015 from './015_returns_people_checks';
import m016 from './016_record_changes';
import m017 from './017_audit_workstation';
import m018 from './018_claims_speed';
import m019 from './019_claims_delete';

export const MIGRATIONS: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017, m018, m019];
export const SCHEMA_VERSION = MIGRATIONS.length;
