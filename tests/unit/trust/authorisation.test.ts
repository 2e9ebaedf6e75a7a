// Authorisation at the API boundary: every call has a rule, and the API itself refuses what a role may not do (the full role × call table, written out by hand, is in role-permissions.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, permissionFor } from '../../../db/contract';
import { can, ROLES, type Role } from '../../../db/trust/permissions';
import { testService, type TestService } from '../../support/service';

let t: TestService;
const sessions = {} as Record<Role, string>;
beforeAll(() => {
  t = testService();
  for (const role of ROLES) sessions[role] = role === 'admin' ? t.session : t.signInAs(role);
});
afterAll(() => t.close());

describe('authorisation at the API boundary', () => {
  it('lets a read-only viewer open every screen: these calls only read', () => {
    const reads = ['devices.person', 'devices.quote', 'devices.followupsDue', 'devices.recent', 'devices.rules', 'training.courseTypes.list', 'training.import.preview', 'rehab.day', 'rehab.month', 'rehab.visits.due'];
    expect(reads.filter((name) => !permissionFor(name)?.toString().endsWith('.read'))).toEqual([]);
  });

  it('gives every call of the contract a permission rule', () => {
    const unruled = CALL_NAMES.filter((name) => permissionFor(name) === null);
    expect(unruled).toEqual([]);
  });

  it.each([
    ['therapist', 'claims.write', false],
    ['therapist', 'rehab.write', true],
    ['accountant', 'rehab.write', false],
    ['accountant', 'training.write', false],
    ['accountant', 'claims.write', true],
    ['training', 'training.write', true],
    ['training', 'rehab.write', false],
    ['viewer', 'people.write', false],
    ['viewer', 'ids.full', false],
    ['viewer', 'people.read', true],
    ['admin', 'accounts.manage', true],
    ['accountant', 'accounts.manage', false],
  ] as const)('%s has %s: %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('lets a viewer change nothing: every write call is refused', () => {
    const writes = CALL_NAMES.filter((name) => {
      const p = permissionFor(name);
      return p !== 'public' && p !== 'signed-in' && p !== null && !p.endsWith('.read');
    });
    expect(writes.length).toBeGreaterThan(5);
    for (const name of writes) {
      const result = t.service.dispatch(name, {}, sessions.viewer);
      expect(result.ok ? 'ok' : result.error.code, name).toBe('AUTH_FORBIDDEN');
    }
  });

  it('refuses everything but the public calls without a session, or with a made-up one', () => {
    for (const session of [undefined, 'made-up-session-id']) {
      const result = t.service.dispatch('people.search', {}, session);
      expect(result).toEqual({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    }
  });
});
