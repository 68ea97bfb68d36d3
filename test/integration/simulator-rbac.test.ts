// RBAC over the wire: extra users with XAPI roles (SimulatorOptions.users), their sessions and
// subjects, the permission check on every call, role.* (SEMANTICS.md 11.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';

import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';
type Rec = Record<string, unknown>;

describe('simulator RBAC', () => {
  let sim: Simulator;
  const login = async (u: string, p: string) => ok<string>(await rpc(sim.url, 'session.login_with_password', [u, p, '2.21', 'rbac-test']));
  let ro: string, op: string, admin: string, root: string;
  let halted: string;

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 60, users: [
      { user: 'viewer', password: 'v', role: 'read-only' },
      { user: 'operator', password: 'o', role: 'vm-operator' },
      { user: 'vmadmin', password: 'a', role: 'vm-admin' },
    ] });
    [ro, op, admin, root] = await Promise.all([login('viewer', 'v'), login('operator', 'o'), login('vmadmin', 'a'), login('root', 'xenroot')]);
    halted = [...sim.records('VM')].find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Halted')![0];
  });
  afterAll(async () => { await sim.close(); });

  it('a configured user logs in with a non-superuser session bound to a subject with its role', async () => {
    const rec = ok<Rec>(await rpc(sim.url, 'session.get_record', [ro, ro]));
    expect(rec).toMatchObject({ is_local_superuser: false, auth_user_name: 'viewer', originator: 'rbac-test' });
    expect(String(rec.auth_user_sid)).not.toBe('');
    const subj = sim.records('subject').get(String(rec.subject))!;
    expect(subj.subject_identifier).toBe(rec.auth_user_sid);
    const roles = ok<string[]>(await rpc(sim.url, 'role.get_by_name_label', [root, 'read-only']));
    expect(subj.roles).toEqual(roles);
    expect(rec.rbac_permissions).toContain('vm.get_record');
    expect(errArray(await rpc(sim.url, 'session.login_with_password', ['viewer', 'wrong']))).toEqual(['SESSION_AUTHENTICATION_FAILED', 'viewer', 'Authentication failure']);
    expect(ok<string[]>(await rpc(sim.url, 'session.get_all_subject_identifiers', [root]))).toContain(rec.auth_user_sid);
  });

  it('read-only: reads work, VM.start and a setter are denied with the exact array, and nothing changes', async () => {
    expect(ok<Rec>(await rpc(sim.url, 'VM.get_record', [ro, halted])).power_state).toBe('Halted');
    expect(errArray(await rpc(sim.url, 'VM.start', [ro, halted, false, false]))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.start',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator)']);
    expect(errArray(await rpc(sim.url, 'Async.VM.start', [ro, halted, false, false]))?.slice(0, 2)).toEqual(['RBAC_PERMISSION_DENIED', 'vm.start']);
    expect(errArray(await rpc(sim.url, 'VM.set_name_label', [ro, halted, 'x']))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.set_name_label',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)']);
    expect(sim.records('VM').get(halted)!.power_state).toBe('Halted');
    expect(sim.records('VM').get(halted)!.name_label).not.toBe('x');
  });

  it('vm-operator: folder and XenCenter.CustomFields.* keys allowed, other keys and destroy denied; vm-admin may set names', async () => {
    expect(ok(await rpc(sim.url, 'VM.add_to_other_config', [op, halted, 'folder', '/ops']))).toBe('');
    expect(ok(await rpc(sim.url, 'VM.add_to_other_config', [op, halted, 'XenCenter.CustomFields.team', 'blue']))).toBe('');
    expect(ok(await rpc(sim.url, 'VM.remove_from_other_config', [op, halted, 'folder']))).toBe('');
    expect(errArray(await rpc(sim.url, 'VM.add_to_other_config', [op, halted, 'other', 'x']))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.add_to_other_config',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)']);
    expect(errArray(await rpc(sim.url, 'VM.add_to_other_config', [ro, halted, 'folder', '/x']))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.add_to_other_config/key:folder',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator)']);
    expect(errArray(await rpc(sim.url, 'VM.destroy', [op, halted]))).toEqual(['RBAC_PERMISSION_DENIED', 'vm.destroy',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)']);
    expect(ok(await rpc(sim.url, 'VM.set_name_label', [admin, halted, 'renamed by admin']))).toBe('');
    expect(errArray(await rpc(sim.url, 'VM.snapshot', [admin, halted, 's', []]))?.slice(0, 2)).toEqual(['RBAC_PERMISSION_DENIED', 'vm.snapshot']);
    expect(errArray(await rpc(sim.url, 'session.change_password', [admin, 'a', 'b']))).toEqual(['RBAC_PERMISSION_DENIED', 'session.change_password',
      'No permission in user session. (Roles with this permission: )']);
  });

  it('vm-operator may start a VM', async () => {
    expect(ok(await rpc(sim.url, 'VM.start', [op, halted, false, false]))).toBe('');
    expect(sim.records('VM').get(halted)!.power_state).toBe('Running');
  });

  it('role.get_all / get_by_name_label / get_permissions / get_permissions_name_label / get_by_permission_name_label', async () => {
    const all = ok<string[]>(await rpc(sim.url, 'role.get_all', [ro]));
    expect(all).toContain('OpaqueRef:0165f154-ba3e-034e-6b27-5d271af109ba');
    expect(all.length).toBeGreaterThan(1000);
    const [vmop] = ok<string[]>(await rpc(sim.url, 'role.get_by_name_label', [ro, 'vm-operator']));
    const rec = ok<Rec>(await rpc(sim.url, 'role.get_record', [ro, vmop]));
    expect(rec).toMatchObject({ name_label: 'vm-operator', is_internal: false });
    const perms = ok<string[]>(await rpc(sim.url, 'role.get_permissions', [ro, vmop]));
    expect(new Set(perms)).toEqual(new Set(rec.subroles as string[]));
    const names = ok<string[]>(await rpc(sim.url, 'role.get_permissions_name_label', [ro, vmop]));
    expect(names).toEqual(expect.arrayContaining(['vm.start', 'vm.add_to_other_config/key:folder']));
    expect(names).not.toContain('vm.destroy');
    const holders = ok<string[]>(await rpc(sim.url, 'role.get_by_permission_name_label', [ro, 'vm.destroy']));
    const labels = await Promise.all(holders.map(async (h) => ok<string>(await rpc(sim.url, 'role.get_name_label', [ro, h]))));
    expect(labels.sort()).toEqual(['pool-admin', 'pool-operator', 'vm-admin', 'vm-power-admin']);
    expect(errArray(await rpc(sim.url, 'role.get_record', [ro, 'OpaqueRef:nope']))).toEqual(['HANDLE_INVALID', 'role', 'OpaqueRef:nope']);
    const subj = String(ok<Rec>(await rpc(sim.url, 'session.get_record', [op, op])).subject);
    expect(ok<string[]>(await rpc(sim.url, 'subject.get_permissions_name_label', [root, subj]))).toEqual(expect.arrayContaining(['vm-operator', 'vm.start']));
  });
});
