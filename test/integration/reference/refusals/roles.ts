// Refusals, family "roles": the state-changing functions whose only refusal SEMANTICS.md gives
// for a healthy pool is the caller's role (§11.2: "Each message's permission is its lowercased wire
// name ... every role at or above [its minimum] has the permission", minimum = xenapi.json's list).
// Called by a read-only user on real objects of the demo pool; nothing may change.
import { expect } from 'vitest';
import type { RefRefusal, RefRefusalFamily, RefusalCtx } from '../types';
import { find, rbacDenied, rbacDeniedByModel, rec } from '../helpers';

const vm = (ctx: RefusalCtx, name: string) => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const host = (ctx: RefusalCtx) => find(ctx, 'host', (r) => r.name_label === 'xcp-host-01');
const nfs = (ctx: RefusalCtx) => find(ctx, 'SR', (r) => r.type === 'nfs');
const disk = (ctx: RefusalCtx) => String(rec(ctx, 'VBD', (rec(ctx, 'VM', vm(ctx, 'web-03')).VBDs as string[]).find((b) => rec(ctx, 'VBD', b).type === 'Disk')!).VDI);
const viewerSubject = (ctx: RefusalCtx) => find(ctx, 'subject', (s) => (s.other_config as Record<string, string>)['subject-name'] === 'viewer');
/** §11.2: pool-admin's role uuid is fixed, and a role's ref is OpaqueRef:<uuid>. */
const POOL_ADMIN_ROLE = 'OpaqueRef:0165f154-ba3e-034e-6b27-5d271af109ba';

/** Snapshot of every table a refused call could touch. */
function unchanged(ctx: RefusalCtx, classes: string[]): () => void {
  const before = classes.map((c) => [c, JSON.stringify([...ctx.sim.records(c)])] as const);
  return () => { for (const [c, text] of before) expect(JSON.stringify([...ctx.sim.records(c)]), c).toBe(text); };
}

const row = (fn: string, classes: string[], args: (ctx: RefusalCtx) => unknown[] | Promise<unknown[]>, minRole?: string): RefRefusal => ({
  fn, section: '11.2',
  async arrange(ctx) {
    const a = await args(ctx);
    return { as: 'viewer', args: a, error: minRole ? rbacDenied(fn, minRole) : rbacDeniedByModel(fn), check: unchanged(ctx, classes) };
  },
});

const refusals: RefRefusal[] = [
  row('VDI.clone', ['VDI'], (c) => [disk(c), {}], 'vm-admin'),
  row('console.destroy', ['console'], (c) => [(rec(c, 'VM', vm(c, 'web-01')).consoles as string[])[0]]),
  row('console.create', ['console'], (c) => [{ protocol: 'rfb', VM: vm(c, 'web-01'), other_config: {} }]),
  row('VM.import', ['VM', 'VDI'], (c) => ['http://127.0.0.1:1/nothing.xva', nfs(c), false, false]),
  row('VDI.resize_online', ['VDI'], (c) => [disk(c), 2 * 1024 ** 3]),
  row('VDI.update', ['VDI'], (c) => [disk(c)]),
  row('host.apply_edition', ['host'], (c) => [host(c), 'xcp-ng', false]),
  row('host.emergency_ha_disable', ['host', 'pool'], () => [false]),
  row('pool.emergency_transition_to_master', ['host', 'pool'], () => []),
  row('pool.emergency_reset_master', ['host', 'pool'], () => ['127.0.0.9']),
  row('pool.recover_slaves', ['host', 'pool'], () => []),
  row('pool.certificate_install', ['Certificate'], () => ['refused.pem', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n']),
  row('pool.certificate_uninstall', ['Certificate'], () => ['refused.pem']),
  row('SR.enable_database_replication', ['SR', 'VDI'], (c) => [nfs(c)]),
  row('SR.disable_database_replication', ['SR', 'VDI'], (c) => [nfs(c)]),
  row('VMSS.create', ['VMSS'], () => [{ name_label: 'nightly', name_description: '', enabled: true, type: 'snapshot', retained_snapshots: 7, frequency: 'daily', schedule: { hour: '1', min: '0' } }]),
  {
    fn: 'VMSS.destroy', section: '11.2',
    async arrange(ctx) {
      const vmss = await ctx.xapi.call('VMSS.create', { name_label: 'kept', name_description: '', enabled: true, type: 'snapshot', retained_snapshots: 7, frequency: 'daily', schedule: { hour: '1', min: '0' } } as never);
      return { as: 'viewer', args: [vmss], error: rbacDeniedByModel('VMSS.destroy'), check: () => { expect(ctx.sim.records('VMSS').has(vmss)).toBe(true); } };
    },
  },
  {
    fn: 'VMSS.snapshot_now', section: '11.2',
    async arrange(ctx) {
      const vmss = find(ctx, 'VMSS', (r) => r.name_label === 'kept');
      return { as: 'viewer', args: [vmss], error: rbacDeniedByModel('VMSS.snapshot_now'), check: unchanged(ctx, ['VM', 'VMSS']) };
    },
  },
  row('VMPP.create', ['VMPP'], () => [{ name_label: 'protection', name_description: '', is_policy_enabled: true, backup_type: 'snapshot', backup_retention_value: 7, backup_frequency: 'daily', backup_schedule: {} }]),
  // The demo pool has no protection policy (VMPP is the retired predecessor of VMSS): the role is checked
  // before the object (dispatch order, docs/simulator.md), so a null ref shows the refusal all the same.
  row('VMPP.destroy', ['VMPP'], () => ['OpaqueRef:NULL']),
  row('VMPP.protect_now', ['VMPP', 'VM'], () => ['OpaqueRef:NULL']),
  row('subject.destroy', ['subject'], (c) => [viewerSubject(c)]),
  row('subject.add_to_roles', ['subject'], (c) => [viewerSubject(c), POOL_ADMIN_ROLE]),
  row('subject.remove_from_roles', ['subject'], async (c) => [viewerSubject(c), (await c.xapi.call('role.get_by_name_label', 'read-only'))[0]]),
];

const family: RefRefusalFamily = { name: 'roles', refusals };
export default family;
