// RBAC tables of the simulator (SEMANTICS.md 11.2): role uuids, permissions per role, the check.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messageInfo } from '../../shared/xapi/model';
import { checkRbac, permissionsOfRole, roleRef, roleUuid, rolesFrom, ROLE_TABLE } from '../../simulator/rbac';

const md5uuid = (s: string) => { const h = createHash('md5').update(s).digest('hex'); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`; };
const denied = (fn: () => void) => { try { fn(); return null; } catch (e) { return (e as { toArray(): string[] }).toArray(); } };

describe('simulator RBAC tables', () => {
  it('role uuids: pool-admin fixed, others the MD5 of the name', () => {
    expect(roleUuid('pool-admin')).toBe('0165f154-ba3e-034e-6b27-5d271af109ba');
    expect(roleUuid('read-only')).toBe(md5uuid('read-only'));
    expect(roleUuid('vm.start')).toBe(md5uuid('vm.start'));
  });

  it('roles at or above a minimum role, most privileged first', () => {
    expect(rolesFrom('vm-admin')).toEqual(['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin']);
    expect(rolesFrom('')).toEqual([]);
  });

  it('permissions: lowercased wire names; read-only cannot start VMs, vm-operator can; key permissions exist', () => {
    expect(permissionsOfRole('read-only')).toContain('vm.get_record');
    expect(permissionsOfRole('read-only')).not.toContain('vm.start');
    expect(permissionsOfRole('vm-operator')).toContain('vm.start');
    expect(permissionsOfRole('vm-operator')).toContain('vm.add_to_other_config/key:folder');
    expect(permissionsOfRole('vm-operator')).toContain('vm.add_to_other_config/key:xencenter.customfields.*');
    expect(permissionsOfRole('vm-operator')).not.toContain('vm.add_to_other_config');
    expect(permissionsOfRole('pool-operator')).not.toContain('vm.add_to_other_config/key:pci');
    expect(permissionsOfRole('pool-admin')).toContain('vm.add_to_other_config/key:pci');
    expect(permissionsOfRole('pool-operator')).toContain('task.destroy/any');
    const ro = ROLE_TABLE.get(roleRef('read-only'))!;
    expect(ro).toMatchObject({ name_label: 'read-only', is_internal: false });
    expect((ro.subroles as string[]).map((r) => ROLE_TABLE.get(r)!.name_label)).toContain('vm.get_record');
    expect(ROLE_TABLE.get(roleRef('vm.start'))).toMatchObject({ name_label: 'vm.start', is_internal: true, subroles: [] });
  });

  it('checkRbac: superuser always passes; others get the exact denial; map-key permissions by key', () => {
    const root = { is_local_superuser: true, rbac_permissions: [] };
    const ro = { is_local_superuser: false, rbac_permissions: permissionsOfRole('read-only') };
    const op = { is_local_superuser: false, rbac_permissions: permissionsOfRole('vm-operator') };
    const destroy = messageInfo('VM.destroy')!;
    expect(denied(() => checkRbac(root, destroy, ['OpaqueRef:x']))).toBeNull();
    expect(denied(() => checkRbac(ro, destroy, ['OpaqueRef:x']))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.destroy', 'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)']);
    const add = messageInfo('VM.add_to_other_config')!;
    expect(denied(() => checkRbac(op, add, ['OpaqueRef:x', 'folder', '/a']))).toBeNull();
    expect(denied(() => checkRbac(op, add, ['OpaqueRef:x', 'XenCenter.CustomFields.owner', 'me']))).toBeNull();
    expect(denied(() => checkRbac(op, add, ['OpaqueRef:x', 'other', 'v']))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.add_to_other_config', 'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)']);
    expect(denied(() => checkRbac(ro, add, ['OpaqueRef:x', 'folder', '/a']))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.add_to_other_config/key:folder', 'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator)']);
  });
});
