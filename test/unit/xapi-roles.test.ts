// The session's role read from its rbac_permissions (shared/xapi/roles.ts), checked against the
// simulator's own permission tables (an independent reading of the roles), and the minimum role of
// the messages commands call.
import { describe, expect, it } from 'vitest';
import { missingRole, roleOfPermissions } from '../../shared/xapi/roles';
import { ROLE_ORDER } from '../../shared/xapi/model';
import { permissionsOfRole } from '../../simulator/rbac';

describe('XAPI roles', () => {
  it('each static role is recognised from its permissions', () => {
    for (const role of ROLE_ORDER) expect(roleOfPermissions(permissionsOfRole(role)), role).toBe(role);
    expect(roleOfPermissions([])).toBeUndefined();
  });

  it('a role below a message\'s minimum role is named with the role it needs', () => {
    expect(missingRole('read-only', 'VM.start')).toBe('vm-operator');
    expect(missingRole('vm-operator', 'VM.start')).toBeUndefined();
    expect(missingRole('vm-operator', 'VM.destroy')).toBe('vm-admin');
    expect(missingRole('vm-power-admin', 'host.reboot')).toBe('pool-operator');
    expect(missingRole('vm-power-admin', 'pool.join')).toBe('pool-operator');
    expect(missingRole('pool-operator', 'pool.join')).toBeUndefined();
    expect(missingRole('read-only', 'VM.no_such_message')).toBeUndefined();
  });
});
