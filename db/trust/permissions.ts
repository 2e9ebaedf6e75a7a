// Who may do what. Authorisation is decided here, at the API boundary, for every call — the UI
// only hides what a role cannot use. A call needs `<area>.read` when its verb only reads, and
// `<area>.write` otherwise (an unknown verb counts as a write: the safe side).

export const ROLES = ['admin', 'therapist', 'training', 'accountant', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const AREAS = ['people', 'rehab', 'training', 'devices', 'claims', 'returns'] as const;

/** Extra permissions beyond area read/write. */
export const SPECIAL = ['ids.full', 'audit.read', 'accounts.manage', 'backup.manage', 'security.manage'] as const;

export type Permission = `${(typeof AREAS)[number]}.${'read' | 'write'}` | (typeof SPECIAL)[number];

const ALL: Permission[] = [...AREAS.flatMap((a) => [`${a}.read`, `${a}.write`] as Permission[]), ...SPECIAL];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  // Registers children, runs the rehab programme and fits devices; no claims, no training edits.
  therapist: ['people.read', 'people.write', 'rehab.read', 'rehab.write', 'devices.read', 'devices.write', 'training.read', 'ids.full'],
  // Runs classes, enrols trainees (registering them if new), placements and follow-ups.
  training: ['people.read', 'people.write', 'training.read', 'training.write', 'rehab.read', 'devices.read', 'ids.full'],
  // Sees everything, builds claims and returns; changes no service records.
  accountant: ['people.read', 'rehab.read', 'training.read', 'devices.read', 'claims.read', 'claims.write', 'returns.read', 'returns.write', 'ids.full'],
  // Reads everything with ID numbers masked; changes nothing.
  viewer: ['people.read', 'rehab.read', 'training.read', 'devices.read', 'claims.read', 'returns.read'],
};

/** Calls anyone may make, signed in or not. */
export const PUBLIC_CALLS = new Set(['app.info', 'app.unlock', 'auth.setup', 'auth.signIn']);
/** Calls any signed-in account may make. */
/** Calls any signed-in account may make (a job's id is its own capability, known only to who started it). */
export const SIGNED_IN_CALLS = new Set(['auth.signOut', 'auth.changePassword', 'settings.update', 'jobs.get', 'jobs.cancel', 'files.link']);

/** Explicit permissions for calls whose name does not follow `<area>.…<verb>`. */
export const EXPLICIT: Record<string, Permission> = {
  'people.revealId': 'people.read', // plus ids.full is NOT required: revealing is the audited way round masking
  'audit.list': 'audit.read',
  'audit.verify': 'audit.read',
  'audit.export': 'audit.read',
  'accounts.list': 'accounts.manage',
  'accounts.create': 'accounts.manage',
  'accounts.update': 'accounts.manage',
  'backup.now': 'backup.manage',
  'backup.list': 'backup.manage',
  'backup.preview': 'backup.manage',
  'backup.restore': 'backup.manage',
  'backup.settings': 'backup.manage',
  'security.setPassphrase': 'security.manage',
  'security.settings': 'security.manage',
  // Reads whose names do not start with a reading verb.
  'devices.rules': 'devices.read',
  'devices.person': 'devices.read',
  'devices.quote': 'devices.read',
  'devices.recent': 'devices.read',
  'devices.followupsDue': 'devices.read',
};

/** Verbs (the last part of a call name) that only read. */
const READ_VERBS = /^(get|list|search|find|expiring|summary|month|day|due|figures|stats|overview|history|preview|catalogue|options|calendar|progress|explain|lookup)/i;

export function permissionFor(call: string): Permission | 'public' | 'signed-in' | null {
  if (PUBLIC_CALLS.has(call)) return 'public';
  if (SIGNED_IN_CALLS.has(call)) return 'signed-in';
  if (EXPLICIT[call]) return EXPLICIT[call]!;
  const [area] = call.split('.');
  if (!(AREAS as readonly string[]).includes(area ?? '')) return null;
  const verb = call.split('.').at(-1) ?? '';
  return `${area}.${READ_VERBS.test(verb) ? 'read' : 'write'}` as Permission;
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** 3201**********123X: the first four and last four characters stay. */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return value;
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

const ID_FIELDS = new Set(['idNumber', 'certNumber', 'guardianIdNumber']);

/** Masks every ID-like field in a result, however deep, for roles without ids.full. */
export function maskIds<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskIds(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = ID_FIELDS.has(key) && typeof v === 'string' ? maskIdNumber(v) : maskIds(v);
    }
    return out as T;
  }
  return value;
}
