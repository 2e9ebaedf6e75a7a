// Who may do what: the roles and the permissions each holds. Which permission a call needs is
// declared beside the call's schema in its area's contract (call({ access })), and checked at the
// API boundary for every call — the UI only hides what a role cannot use.

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

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** May this caller see full ID and certificate numbers (results, and files written for them)? */
export function fullIdsFor(caller: { role: Role } | null): boolean {
  return caller !== null && can(caller.role, 'ids.full');
}
