// Reference walk, family "session-vm-task": session.*, role.*, subject.*, VM.* (getters, setters,
// power, copies, create/provision/destroy, checks), task.*, event.from/inject, message.*. Cases run
// in order on one simulator; state flows from one to the next (a VM started here is paused next).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { SubjectRecord, VMRecord } from '../../../../shared/xapi/types.generated';
import { login as productLogin, SessionClient } from '../../../../electron/core/xapi/session';
import { TypedXapi } from '../../../../electron/core/xapi/typed-client';
import { XapiError } from '../../../../electron/core/xapi/errors';
import { login as rawLogin, rpc } from '../../../support/xapi-rpc';
import type { RefCase, RefCtx, RefFamily } from '../types';
import { type Rec, NULL, callAny, rec, find } from '../helpers';

const MiB = 1024 * 1024;

const named = (ctx: RefCtx, name: string): string => find(ctx, 'VM', (r) => r.name_label === name && !r.is_a_snapshot);
const coordinator = (ctx: RefCtx): string => String([...ctx.sim.records('pool').values()][0].master);
const rejected = async (p: Promise<unknown>): Promise<XapiError> => {
  const e = await p.then(() => { throw new Error('expected a XAPI error'); }, (err: unknown) => err);
  expect(e).toBeInstanceOf(XapiError);
  return e as XapiError;
};

/** A getter case: the typed call equals the field of get_record and of the simulator's store. */
function getter(cls: string, field: string, pick: (ctx: RefCtx) => string): RefCase {
  return {
    fn: `${cls}.get_${field}`,
    async run(ctx) {
      const ref = pick(ctx);
      const v = await callAny(ctx, `${cls}.get_${field}`, ref);
      const full = (await callAny(ctx, `${cls}.get_record`, ref)) as Rec;
      expect(field in full, `${cls}.${field} is in get_record`).toBe(true);
      expect(v).toEqual(full[field]);
      expect(v).toEqual(rec(ctx, cls, ref)[field]);
    },
  };
}
function getRecord(cls: string, pick: (ctx: RefCtx) => string): RefCase {
  return {
    fn: `${cls}.get_record`,
    async run(ctx) {
      const ref = pick(ctx);
      const full = (await callAny(ctx, `${cls}.get_record`, ref)) as Rec;
      expect(full).toEqual(rec(ctx, cls, ref));
      // and another client sees the same record
      expect(await rpc(ctx.url, `${cls}.get_record`, ctx.session, ref)).toEqual(full);
    },
  };
}

// State shared by the cases (one family run at a time).
const st = {
  vm: '', snap: '', clone: '', copy: '', checkpoint: '', created: '', provisioned: '', subject: '', task: '', token: '',
  message: '',
};
const halted = (ctx: RefCtx) => st.vm || (st.vm = named(ctx, 'web-03'));
const runningVm = (ctx: RefCtx) => named(ctx, 'web-01');
const withGuest = (ctx: RefCtx) => String(rec(ctx, 'VM', runningVm(ctx)).guest_metrics);
const vmMetrics = (ctx: RefCtx) => String(rec(ctx, 'VM', runningVm(ctx)).metrics);
const hostMetrics = (ctx: RefCtx) => String(rec(ctx, 'host', coordinator(ctx)).metrics);

const session: RefCase[] = [
  {
    fn: 'session.login_with_password',
    async run(ctx) {
      const ref = await rawLogin(ctx.url, 'root', 'xenroot');
      expect(ref).toMatch(/^OpaqueRef:/);
      const s = rec(ctx, 'session', ref);
      expect(s).toMatchObject({ auth_user_name: 'root', is_local_superuser: true, this_host: coordinator(ctx), originator: 'test' });
      // The session works for a call, and the product's login made one too.
      expect(await rpc(ctx.url, 'session.get_this_host', ref, ref)).toBe(coordinator(ctx));
      const alice = await rawLogin(ctx.url, 'alice', 'wonderland');
      expect(rec(ctx, 'session', alice)).toMatchObject({ is_local_superuser: false, auth_user_name: 'alice' });
      expect(rec(ctx, 'session', alice).rbac_permissions).toEqual(expect.arrayContaining(['vm.start']));
    },
  },
  {
    fn: 'session.slave_local_login_with_password',
    async run(ctx) {
      // The emergency login: only the local superuser, a session on the host that was asked.
      const ref = (await rpc(ctx.url, 'session.slave_local_login_with_password', 'root', 'xenroot')) as string;
      expect(rec(ctx, 'session', ref)).toMatchObject({ is_local_superuser: true, this_host: coordinator(ctx), auth_user_name: 'root' });
      expect(await rpc(ctx.url, 'VM.get_all', ref)).toEqual(expect.arrayContaining([runningVm(ctx)]));
      await expect(rpc(ctx.url, 'session.slave_local_login_with_password', 'alice', 'wonderland'))
        .rejects.toMatchObject({ code: 'SESSION_AUTHENTICATION_FAILED', params: ['alice', 'Authentication failure'] });
    },
  },
  {
    fn: 'session.get_this_host',
    async run(ctx) {
      expect(await ctx.xapi.call('session.get_this_host', ctx.session)).toBe(coordinator(ctx));
    },
  },
  {
    fn: 'session.get_this_user',
    async run(ctx) {
      // The local superuser has no user record: the null ref, as the session record says.
      expect(await ctx.xapi.call('session.get_this_user', ctx.session)).toBe(rec(ctx, 'session', ctx.session).this_user);
      expect(await ctx.xapi.call('session.get_this_user', ctx.session)).toBe(NULL);
    },
  },
  {
    fn: 'session.get_all_subject_identifiers',
    async run(ctx) {
      // alice (logged in above) is an RBAC user: her subject's identifier is listed, root's empty sid is not.
      const sid = String([...ctx.sim.records('subject').values()].find((s) => (s.other_config as Rec)['subject-name'] === 'alice')!.subject_identifier);
      const ids = await ctx.xapi.call('session.get_all_subject_identifiers');
      expect(ids).toEqual([sid]);
    },
  },
  {
    fn: 'session.logout',
    async run(ctx) {
      const r = await productLogin(ctx.url, 'root', 'xenroot');
      const sc = new SessionClient(r.client, r.sessionRef);
      const x = TypedXapi.fromSession(sc);
      expect(ctx.sim.records('session').has(r.sessionRef)).toBe(true);
      expect(await x.call('session.logout')).toBe('');
      expect(ctx.sim.records('session').has(r.sessionRef)).toBe(false);
      const e = await rejected(x.call('VM.get_all'));
      expect([e.code, ...e.params]).toEqual(['SESSION_INVALID', r.sessionRef]);
      sc.close();
    },
  },
];

const rbac: RefCase[] = [
  {
    fn: 'role.get_all',
    async run(ctx) {
      const all = await ctx.xapi.call('role.get_all');
      const labels = await Promise.all(all.slice(0, 400).map((r) => ctx.xapi.call('role.get_name_label', r)));
      expect(labels).toEqual(expect.arrayContaining(['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator', 'read-only']));
      expect(all.length).toBeGreaterThan(6); // plus one internal role per permission
    },
  },
  {
    fn: 'role.get_by_name_label',
    async run(ctx) {
      const [ref] = await ctx.xapi.call('role.get_by_name_label', 'vm-operator');
      expect(ref).toMatch(/^OpaqueRef:/);
      expect((await ctx.xapi.call('role.get_record', ref)).name_label).toBe('vm-operator');
      expect(await ctx.xapi.call('role.get_by_name_label', 'no-such-role')).toEqual([]);
    },
  },
  {
    fn: 'role.get_permissions',
    async run(ctx) {
      const [op] = await ctx.xapi.call('role.get_by_name_label', 'vm-operator');
      const [ro] = await ctx.xapi.call('role.get_by_name_label', 'read-only');
      const perms = await ctx.xapi.call('role.get_permissions', op);
      const names = await Promise.all(perms.map((p) => ctx.xapi.call('role.get_name_label', p)));
      expect(names).toContain('vm.start');
      const roNames = await ctx.xapi.call('role.get_permissions_name_label', ro);
      expect(roNames).not.toContain('vm.start');
      expect(names.length).toBeGreaterThan(roNames.length);
    },
  },
  {
    fn: 'subject.create',
    async run(ctx) {
      // xapi_subject.ml: the subject's information comes from the directory (other_config given is ignored) and,
      // with RBAC licensed, it starts with no role; without a domain the lookup fails (AUTH_IS_DISABLED).
      const pool = [...ctx.sim.records('pool').keys()][0];
      await ctx.xapi.call('pool.enable_external_auth', pool, { user: 'Administrator', pass: 'adpass' }, 'corp.example.com', 'AD');
      const sid = await ctx.xapi.call('auth.get_subject_identifier', 'CORP\\bob');
      const ref = await ctx.xapi.call('subject.create', { subject_identifier: sid, other_config: { 'subject-name': 'someone else' } } as unknown as SubjectRecord);
      st.subject = ref;
      expect(rec(ctx, 'subject', ref)).toMatchObject({ subject_identifier: sid, roles: [] });
      expect((rec(ctx, 'subject', ref).other_config as Record<string, string>)['subject-name']).toBe('CORP\\bob');
      expect(await ctx.xapi.call('subject.get_all')).toContain(ref);
    },
  },
  {
    fn: 'subject.add_to_roles',
    async run(ctx) {
      const [role] = await ctx.xapi.call('role.get_by_name_label', 'vm-admin');
      const before = rec(ctx, 'subject', st.subject).roles as string[];
      expect(before).not.toContain(role);
      await ctx.xapi.call('subject.add_to_roles', st.subject, role);
      expect(rec(ctx, 'subject', st.subject).roles).toEqual([...before, role]);
      expect(await ctx.xapi.call('subject.get_permissions_name_label', st.subject)).toContain('vm-admin');
    },
  },
  {
    fn: 'subject.remove_from_roles',
    async run(ctx) {
      const [role] = await ctx.xapi.call('role.get_by_name_label', 'vm-admin');
      const before = rec(ctx, 'subject', st.subject).roles as string[];
      await ctx.xapi.call('subject.remove_from_roles', st.subject, role);
      expect(rec(ctx, 'subject', st.subject).roles).toEqual(before.filter((r) => r !== role));
    },
  },
  {
    fn: 'subject.destroy',
    async run(ctx) {
      await ctx.xapi.call('subject.destroy', st.subject);
      expect(ctx.sim.records('subject').has(st.subject)).toBe(false);
      await ctx.xapi.call('pool.disable_external_auth', [...ctx.sim.records('pool').keys()][0], {});
    },
  },
];

const vmQueries: RefCase[] = [
  {
    fn: 'VM.get_all',
    async run(ctx) {
      expect(new Set(await ctx.xapi.call('VM.get_all'))).toEqual(new Set(ctx.sim.records('VM').keys()));
    },
  },
  {
    fn: 'VM.get_all_records',
    async run(ctx) {
      const all = await ctx.xapi.call('VM.get_all_records');
      expect(Object.keys(all).sort()).toEqual([...ctx.sim.records('VM').keys()].sort());
      expect(all[runningVm(ctx)]?.power_state).toBe('Running');
    },
  },
  {
    fn: 'VM.get_by_uuid',
    async run(ctx) {
      expect(await ctx.xapi.call('VM.get_by_uuid', String(rec(ctx, 'VM', halted(ctx)).uuid))).toBe(halted(ctx));
    },
  },
  {
    fn: 'VM.get_by_name_label',
    async run(ctx) {
      expect(await ctx.xapi.call('VM.get_by_name_label', 'web-03')).toEqual([halted(ctx)]);
      expect(await ctx.xapi.call('VM.get_by_name_label', 'no such vm')).toEqual([]);
    },
  },
  getRecord('VM', runningVm),
  ...['uuid', 'name_label', 'name_description', 'power_state', 'is_a_template', 'resident_on', 'affinity', 'memory_target',
    'memory_static_max', 'memory_dynamic_max', 'VCPUs_at_startup', 'VCPUs_max', 'consoles', 'VIFs', 'VBDs', 'snapshots', 'metrics',
    'guest_metrics'].map((f) => getter('VM', f, runningVm)),
  {
    // the getters above read a running VM; the meaningful values are checked here too
    fn: 'VM.get_resident_on',
    async run(ctx) {
      expect(ctx.sim.records('host').has(await ctx.xapi.call('VM.get_resident_on', runningVm(ctx)))).toBe(true);
      expect(await ctx.xapi.call('VM.get_resident_on', halted(ctx))).toBe(NULL);
    },
  },
  {
    fn: 'VM.get_snapshots',
    async run(ctx) {
      const snaps = await ctx.xapi.call('VM.get_snapshots', runningVm(ctx));
      expect(snaps.length).toBe(2);
      for (const s of snaps) expect(rec(ctx, 'VM', s)).toMatchObject({ is_a_snapshot: true, snapshot_of: runningVm(ctx) });
    },
  },
];

const vmSetters: RefCase[] = [
  {
    fn: 'VM.set_name_label',
    async run(ctx) {
      await ctx.xapi.call('VM.set_name_label', halted(ctx), 'web-03 renamed');
      expect(rec(ctx, 'VM', halted(ctx)).name_label).toBe('web-03 renamed');
      expect(await rpc(ctx.url, 'VM.get_name_label', ctx.session, halted(ctx))).toBe('web-03 renamed');
    },
  },
  {
    fn: 'VM.set_name_description',
    async run(ctx) {
      await ctx.xapi.call('VM.set_name_description', halted(ctx), 'walked');
      expect(await ctx.xapi.call('VM.get_name_description', halted(ctx))).toBe('walked');
    },
  },
  {
    fn: 'VM.set_memory_static_max',
    async run(ctx) {
      const next = Number(rec(ctx, 'VM', halted(ctx)).memory_static_max) + 256 * MiB;
      await ctx.xapi.call('VM.set_memory_static_max', halted(ctx), next);
      expect(rec(ctx, 'VM', halted(ctx)).memory_static_max).toBe(next);
    },
  },
  {
    fn: 'VM.set_memory_dynamic_max',
    async run(ctx) {
      const smax = Number(rec(ctx, 'VM', halted(ctx)).memory_static_max);
      await ctx.xapi.call('VM.set_memory_dynamic_max', halted(ctx), smax);
      expect(rec(ctx, 'VM', halted(ctx)).memory_dynamic_max).toBe(smax);
    },
  },
  {
    fn: 'VM.set_VCPUs_max',
    async run(ctx) {
      const next = Number(rec(ctx, 'VM', halted(ctx)).VCPUs_max) + 1;
      await ctx.xapi.call('VM.set_VCPUs_max', halted(ctx), next);
      expect(rec(ctx, 'VM', halted(ctx)).VCPUs_max).toBe(next);
    },
  },
  {
    fn: 'VM.set_VCPUs_at_startup',
    async run(ctx) {
      const max = Number(rec(ctx, 'VM', halted(ctx)).VCPUs_max);
      await ctx.xapi.call('VM.set_VCPUs_at_startup', halted(ctx), max);
      expect(rec(ctx, 'VM', halted(ctx)).VCPUs_at_startup).toBe(max);
    },
  },
  {
    fn: 'VM.set_affinity',
    async run(ctx) {
      await ctx.xapi.call('VM.set_affinity', halted(ctx), coordinator(ctx));
      expect(rec(ctx, 'VM', halted(ctx)).affinity).toBe(coordinator(ctx));
      expect(await ctx.xapi.call('VM.get_affinity', halted(ctx))).toBe(coordinator(ctx));
    },
  },
  {
    fn: 'VM.add_to_other_config',
    async run(ctx) {
      await ctx.xapi.call('VM.add_to_other_config', halted(ctx), 'walk', 'yes');
      expect((rec(ctx, 'VM', halted(ctx)).other_config as Rec).walk).toBe('yes');
    },
  },
  {
    fn: 'VM.remove_from_other_config',
    async run(ctx) {
      await ctx.xapi.call('VM.remove_from_other_config', halted(ctx), 'walk');
      expect('walk' in (rec(ctx, 'VM', halted(ctx)).other_config as Rec)).toBe(false);
    },
  },
  {
    fn: 'VM.add_tags',
    async run(ctx) {
      await ctx.xapi.call('VM.add_tags', halted(ctx), 'walked');
      await ctx.xapi.call('VM.add_tags', halted(ctx), 'walked');
      expect(rec(ctx, 'VM', halted(ctx)).tags).toEqual(['walked']);
    },
  },
  {
    fn: 'VM.remove_tags',
    async run(ctx) {
      await ctx.xapi.call('VM.remove_tags', halted(ctx), 'walked');
      expect(rec(ctx, 'VM', halted(ctx)).tags).toEqual([]);
    },
  },
];

const expectRunning = (ctx: RefCtx, vm: string, host?: string) => {
  const r = rec(ctx, 'VM', vm);
  expect(r.power_state).toBe('Running');
  expect(ctx.sim.records('host').has(String(r.resident_on))).toBe(true);
  if (host) expect(r.resident_on).toBe(host);
  expect(Number(r.domid)).toBeGreaterThan(0);
};
const expectHalted = (ctx: RefCtx, vm: string) => {
  const r = rec(ctx, 'VM', vm);
  expect(r.power_state).toBe('Halted');
  expect(r.resident_on).toBe(NULL);
  expect(Number(r.domid)).toBe(-1);
};
const memberHost = (ctx: RefCtx) => find(ctx, 'host', (h) => h.address !== rec(ctx, 'host', coordinator(ctx)).address);

const vmPower: RefCase[] = [
  {
    fn: 'VM.assert_can_boot_here',
    async run(ctx) {
      expect(await ctx.xapi.call('VM.assert_can_boot_here', halted(ctx), memberHost(ctx))).toBe('');
      expect(rec(ctx, 'VM', halted(ctx)).power_state).toBe('Halted'); // a check, no effect
    },
  },
  {
    fn: 'VM.start',
    async run(ctx) {
      const { taskRef, result } = await ctx.xapi.callAsync('VM.start', halted(ctx), false, false);
      expect(taskRef).toMatch(/^OpaqueRef:/);
      await expect(result).resolves.toBe('');
      expectRunning(ctx, halted(ctx));
      expect(rec(ctx, 'VM', halted(ctx)).allowed_operations).toEqual(expect.arrayContaining(['clean_shutdown', 'pause', 'suspend']));
      expect(rec(ctx, 'VM', halted(ctx)).allowed_operations).not.toContain('start');
    },
  },
  {
    fn: 'VM.pause',
    async run(ctx) {
      await ctx.xapi.call('VM.pause', halted(ctx));
      expect(rec(ctx, 'VM', halted(ctx)).power_state).toBe('Paused');
    },
  },
  {
    fn: 'VM.unpause',
    async run(ctx) {
      await ctx.xapi.call('VM.unpause', halted(ctx));
      expectRunning(ctx, halted(ctx));
    },
  },
  {
    fn: 'VM.clean_reboot',
    async run(ctx) {
      const domid = Number(rec(ctx, 'VM', halted(ctx)).domid);
      await ctx.xapi.call('VM.clean_reboot', halted(ctx));
      expectRunning(ctx, halted(ctx));
      expect(Number(rec(ctx, 'VM', halted(ctx)).domid)).not.toBe(domid);
    },
  },
  {
    fn: 'VM.hard_reboot',
    async run(ctx) {
      const domid = Number(rec(ctx, 'VM', halted(ctx)).domid);
      await ctx.xapi.call('VM.hard_reboot', halted(ctx));
      expectRunning(ctx, halted(ctx));
      expect(Number(rec(ctx, 'VM', halted(ctx)).domid)).not.toBe(domid);
    },
  },
  {
    fn: 'VM.send_sysrq',
    async run(ctx) {
      expect(await ctx.xapi.call('VM.send_sysrq', halted(ctx), 'b')).toBe('');
      expectRunning(ctx, halted(ctx));
      const e = await rejected(ctx.xapi.call('VM.send_sysrq', named(ctx, 'db-03'), 'b'));
      expect(e.code).toBe('VM_BAD_POWER_STATE');
    },
  },
  {
    fn: 'VM.send_trigger',
    async run(ctx) {
      expect(await ctx.xapi.call('VM.send_trigger', halted(ctx), 'power')).toBe('');
      const e = await rejected(ctx.xapi.call('VM.send_trigger', named(ctx, 'db-03'), 'power'));
      expect([e.code, ...e.params]).toEqual(['VM_BAD_POWER_STATE', named(ctx, 'db-03'), 'running', 'halted']);
    },
  },
  {
    fn: 'VM.suspend',
    async run(ctx) {
      await ctx.xapi.call('VM.suspend', halted(ctx));
      const r = rec(ctx, 'VM', halted(ctx));
      expect(r.power_state).toBe('Suspended');
      expect(r.resident_on).toBe(NULL);
      expect(ctx.sim.records('VDI').has(String(r.suspend_VDI))).toBe(true);
    },
  },
  {
    fn: 'VM.resume',
    async run(ctx) {
      await ctx.xapi.call('VM.resume', halted(ctx), false, false);
      expectRunning(ctx, halted(ctx));
      expect(rec(ctx, 'VM', halted(ctx)).suspend_VDI).toBe(NULL);
    },
  },
  {
    fn: 'VM.clean_shutdown',
    async run(ctx) {
      await ctx.xapi.call('VM.clean_shutdown', halted(ctx));
      expectHalted(ctx, halted(ctx));
    },
  },
  {
    fn: 'VM.shutdown',
    async run(ctx) {
      // Running: a clean shutdown; Suspended: a hard one that also deletes the suspend image.
      await ctx.xapi.call('VM.start', halted(ctx), false, false);
      await ctx.xapi.call('VM.shutdown', halted(ctx));
      expectHalted(ctx, halted(ctx));
      await ctx.xapi.call('VM.start', halted(ctx), false, false);
      await ctx.xapi.call('VM.suspend', halted(ctx));
      const image = String(rec(ctx, 'VM', halted(ctx)).suspend_VDI);
      await ctx.xapi.call('VM.shutdown', halted(ctx));
      expectHalted(ctx, halted(ctx));
      expect(rec(ctx, 'VM', halted(ctx)).suspend_VDI).toBe(NULL);
      expect(ctx.sim.records('VDI').has(image)).toBe(false);
      const bodies = [...ctx.sim.records('message').values()].filter((m) => m.name === 'VM_SHUTDOWN').map((m) => String(m.body));
      expect(bodies.some((b) => b.endsWith(') shutdown'))).toBe(true);
      expect(bodies.some((b) => b.endsWith('shutdown forcibly'))).toBe(true);
    },
  },
  {
    fn: 'VM.start_on',
    async run(ctx) {
      const host = memberHost(ctx);
      await ctx.xapi.call('VM.start_on', halted(ctx), host, false, false);
      expectRunning(ctx, halted(ctx), host);
      expect(await ctx.xapi.call('host.get_resident_VMs', host)).toContain(halted(ctx));
    },
  },
  {
    fn: 'VM.hard_shutdown',
    async run(ctx) {
      await ctx.xapi.call('VM.hard_shutdown', halted(ctx));
      expectHalted(ctx, halted(ctx));
    },
  },
  {
    fn: 'VM.resume_on',
    async run(ctx) {
      const host = memberHost(ctx);
      await ctx.xapi.call('VM.start', halted(ctx), false, false);
      await ctx.xapi.call('VM.suspend', halted(ctx));
      await ctx.xapi.call('VM.resume_on', halted(ctx), host, false, false);
      expectRunning(ctx, halted(ctx), host);
      await ctx.xapi.call('VM.hard_shutdown', halted(ctx));
    },
  },
];

const vmCopies: RefCase[] = [
  {
    fn: 'VM.snapshot',
    async run(ctx) {
      const snap = await (await ctx.xapi.callAsync('VM.snapshot', halted(ctx), 'walk snap', [])).result;
      st.snap = snap;
      expect(rec(ctx, 'VM', snap)).toMatchObject({ is_a_snapshot: true, is_a_template: true, snapshot_of: halted(ctx), name_label: 'walk snap' });
      expect(await ctx.xapi.call('VM.get_snapshots', halted(ctx))).toContain(snap);
      // its disks are snapshot VDIs of the VM's disks
      const disks = (rec(ctx, 'VM', snap).VBDs as string[]).map((b) => rec(ctx, 'VBD', b)).filter((b) => b.type === 'Disk');
      expect(disks.length).toBeGreaterThan(0);
      for (const b of disks) expect(rec(ctx, 'VDI', String(b.VDI)).is_a_snapshot).toBe(true);
    },
  },
  {
    fn: 'VM.snapshot_with_quiesce',
    async run(ctx) {
      // VSS is gone: a running VM gets VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED (SEMANTICS.md §3 item 10), after the power check
      const vm = runningVm(ctx);
      const before = (rec(ctx, 'VM', vm).snapshots as string[]).length;
      const e = await rejected(ctx.xapi.call('VM.snapshot_with_quiesce', vm, 'q'));
      expect([e.code, ...e.params]).toEqual(['VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', vm]);
      expect((rec(ctx, 'VM', vm).snapshots as string[]).length).toBe(before);
      const h = await rejected(ctx.xapi.call('VM.snapshot_with_quiesce', halted(ctx), 'q'));
      expect([h.code, ...h.params]).toEqual(['VM_BAD_POWER_STATE', halted(ctx), 'running', 'halted']);
    },
  },
  {
    fn: 'VM.clone',
    async run(ctx) {
      const clone = await ctx.xapi.call('VM.clone', halted(ctx), 'walk clone');
      st.clone = clone;
      const c = rec(ctx, 'VM', clone);
      expect(c).toMatchObject({ name_label: 'walk clone', power_state: 'Halted', is_a_snapshot: false });
      expect(c.uuid).not.toBe(rec(ctx, 'VM', halted(ctx)).uuid);
      expect((c.VBDs as string[]).length).toBe((rec(ctx, 'VM', halted(ctx)).VBDs as string[]).length);
    },
  },
  {
    fn: 'VM.copy',
    async run(ctx) {
      const nfs = find(ctx, 'SR', (s) => s.type === 'nfs');
      const copy = await (await ctx.xapi.callAsync('VM.copy', halted(ctx), 'walk copy', nfs)).result;
      st.copy = copy;
      expect(rec(ctx, 'VM', copy).name_label).toBe('walk copy');
      const disks = (rec(ctx, 'VM', copy).VBDs as string[]).map((b) => rec(ctx, 'VBD', b)).filter((b) => b.type === 'Disk');
      expect(disks.length).toBeGreaterThan(0);
      for (const b of disks) expect(rec(ctx, 'VDI', String(b.VDI)).SR).toBe(nfs);
    },
  },
  {
    fn: 'VM.checkpoint',
    async run(ctx) {
      await ctx.xapi.call('VM.start', halted(ctx), false, false);
      const cp = await ctx.xapi.call('VM.checkpoint', halted(ctx), 'walk checkpoint');
      st.checkpoint = cp;
      expect(rec(ctx, 'VM', cp)).toMatchObject({ is_a_snapshot: true, snapshot_of: halted(ctx), power_state: 'Suspended' });
      expect(ctx.sim.records('VDI').has(String(rec(ctx, 'VM', cp).suspend_VDI))).toBe(true);
      expectRunning(ctx, halted(ctx)); // the VM keeps running
    },
  },
  {
    fn: 'VM.revert',
    async run(ctx) {
      // back to the halted snapshot taken above: the VM is hard-halted and its name restored
      await ctx.xapi.call('VM.set_name_label', halted(ctx), 'renamed after snapshot');
      await ctx.xapi.call('VM.revert', st.snap);
      const r = rec(ctx, 'VM', halted(ctx));
      expect(r.power_state).toBe('Halted');
      expect(r.name_label).toBe('web-03 renamed');
      expect(r.parent).toBe(st.snap);
    },
  },
  {
    fn: 'VM.create',
    async run(ctx) {
      const base = await ctx.xapi.call('VM.get_record', named(ctx, 'cache-03'));
      const ref = await ctx.xapi.call('VM.create', { ...base, name_label: 'walk created', VBDs: [], VIFs: [], other_config: {} } as VMRecord);
      st.created = ref;
      const r = rec(ctx, 'VM', ref);
      expect(r).toMatchObject({ name_label: 'walk created', power_state: 'Halted', is_a_template: false });
      expect(r.uuid).not.toBe(base.uuid);
      expect(ctx.sim.records('VM_metrics').has(String(r.metrics))).toBe(true);
      expect(r.allowed_operations).toContain('start');
    },
  },
  {
    fn: 'VM.compute_memory_overhead',
    async run(ctx) {
      const o = await ctx.xapi.call('VM.compute_memory_overhead', st.created);
      expect(Number.isInteger(o)).toBe(true);
      expect(o).toBeGreaterThan(0);
      // more memory, more overhead
      const smax = Number(rec(ctx, 'VM', st.created).memory_static_max);
      await ctx.xapi.call('VM.set_memory_limits', st.created, smax, smax * 4, smax, smax * 4);
      expect(await ctx.xapi.call('VM.compute_memory_overhead', st.created)).toBeGreaterThan(o);
    },
  },
  {
    fn: 'VM.maximise_memory',
    async run(ctx) {
      const total = 4096 * MiB;
      const m = await ctx.xapi.call('VM.maximise_memory', st.created, total, false);
      expect(m).toBeGreaterThan(0);
      expect(m).toBeLessThan(total);
      const approx = await ctx.xapi.call('VM.maximise_memory', st.created, total, true);
      expect(approx % MiB).toBe(0);
      expect(approx).toBeLessThanOrEqual(m);
    },
  },
  {
    fn: 'VM.provision',
    async run(ctx) {
      const tpl = named(ctx, 'Debian Bookworm 12');
      const inst = await ctx.xapi.call('VM.clone', tpl, 'walk provisioned');
      st.provisioned = inst;
      const sr = String(find(ctx, 'SR', (s) => s.type === 'nfs'));
      const uuid = String(rec(ctx, 'SR', sr).uuid);
      await ctx.xapi.call('VM.remove_from_other_config', inst, 'disks');
      await ctx.xapi.call('VM.add_to_other_config', inst, 'disks', `<provision><disk device="0" size="${8 * 1024 * MiB}" sr="${uuid}" bootable="true" type="system"/></provision>`);
      expect(rec(ctx, 'VM', inst).is_a_template).toBe(true);
      await ctx.xapi.call('VM.provision', inst);
      const r = rec(ctx, 'VM', inst);
      expect(r.is_a_template).toBe(false);
      expect('disks' in (r.other_config as Rec)).toBe(false);
      const disks = (r.VBDs as string[]).map((b) => rec(ctx, 'VBD', b)).filter((b) => b.type === 'Disk');
      expect(disks.length).toBe(1);
      expect(rec(ctx, 'VDI', String(disks[0].VDI))).toMatchObject({ SR: sr, virtual_size: 8 * 1024 * MiB });
    },
  },
  {
    fn: 'VM.destroy',
    async run(ctx) {
      for (const vm of [st.created, st.clone, st.provisioned]) {
        const r = rec(ctx, 'VM', vm);
        const vdis = (r.VBDs as string[]).map((b) => String(rec(ctx, 'VBD', b).VDI)).filter((v) => v !== NULL);
        await ctx.xapi.call('VM.destroy', vm);
        expect(ctx.sim.records('VM').has(vm)).toBe(false);
        for (const b of r.VBDs as string[]) expect(ctx.sim.records('VBD').has(b)).toBe(false);
        expect(ctx.sim.records('VM_metrics').has(String(r.metrics))).toBe(false);
        for (const v of vdis) expect(ctx.sim.records('VDI').has(v), 'VM.destroy deletes no disk').toBe(true);
      }
    },
  },
  {
    fn: 'VM.import',
    async run(ctx) {
      // an XVA exported over HTTP (GET /export), served by a local http server, imported by URL onto the NFS SR
      const src = rec(ctx, 'VM', halted(ctx));
      expect(src.power_state).toBe('Halted');
      const res = await fetch(`${ctx.url}/export?uuid=${String(src.uuid)}&session_id=${ctx.session}`);
      expect(res.status).toBe(200);
      const xva = Buffer.from(await res.arrayBuffer());
      const server = createServer((_req, out) => { out.writeHead(200, { 'Content-Length': xva.length }).end(xva); });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/web-03.xva`;
        const sr = find(ctx, 'SR', (s) => s.type === 'nfs');
        const refs = await ctx.xapi.call('VM.import', url, sr, false, false);
        expect(refs.length).toBe(1);
        const vm = rec(ctx, 'VM', refs[0]);
        expect(vm).toMatchObject({ name_label: src.name_label, power_state: 'Halted', is_a_snapshot: false });
        expect(vm.uuid).not.toBe(src.uuid);
        const disks = (vm.VBDs as string[]).map((b) => rec(ctx, 'VBD', b)).filter((b) => b.type === 'Disk');
        expect(disks.length).toBeGreaterThan(0);
        for (const b of disks) expect(rec(ctx, 'VDI', String(b.VDI)).SR).toBe(sr);
        expect(await ctx.xapi.call('VM.get_all')).toContain(refs[0]);
      } finally {
        await new Promise((r) => server.close(r));
      }
    },
  },
];

const metrics: RefCase[] = [
  getRecord('VM_metrics', vmMetrics),
  ...['VCPUs_number', 'VCPUs_utilisation', 'start_time'].map((f) => getter('VM_metrics', f, vmMetrics)),
  {
    fn: 'VM_metrics.get_VCPUs_number',
    async run(ctx) {
      expect(await ctx.xapi.call('VM_metrics.get_VCPUs_number', vmMetrics(ctx))).toBe(rec(ctx, 'VM', runningVm(ctx)).VCPUs_at_startup);
    },
  },
  {
    fn: 'VM_metrics.get_memory_actual',
    async run(ctx) {
      const actual = await ctx.xapi.call('VM_metrics.get_memory_actual', vmMetrics(ctx));
      expect(actual).toBeGreaterThan(0);
      expect((await ctx.xapi.call('VM_metrics.get_record', vmMetrics(ctx))).memory_actual).toBe(actual);
    },
  },
  getRecord('VM_guest_metrics', withGuest),
  ...['os_version', 'memory', 'disks', 'networks'].map((f) => getter('VM_guest_metrics', f, withGuest)),
  getRecord('host_metrics', hostMetrics),
  ...['memory_total', 'memory_free'].map((f) => getter('host_metrics', f, hostMetrics)),
  {
    fn: 'host_metrics.get_memory_free',
    async run(ctx) {
      const total = await ctx.xapi.call('host_metrics.get_memory_total', hostMetrics(ctx));
      const free = await ctx.xapi.call('host_metrics.get_memory_free', hostMetrics(ctx));
      expect(total).toBeGreaterThan(0);
      expect(free).toBeGreaterThanOrEqual(0);
      expect(free).toBeLessThan(total);
    },
  },
];

const waitTask = async (ctx: RefCtx, task: string): Promise<Rec> => {
  for (let i = 0; i < 500; i++) {
    const r = (await rpc(ctx.url, 'task.get_record', ctx.session, task)) as Rec;
    if (r.status !== 'pending') return r;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('task did not finish');
};

const tasks: RefCase[] = [
  {
    fn: 'task.get_all',
    async run(ctx) {
      // a raw Async call (nobody destroys its task): it is listed
      st.task = (await rpc(ctx.url, 'Async.VM.clone', ctx.session, named(ctx, 'cache-03'), 'task clone')) as string;
      await waitTask(ctx, st.task);
      expect(await ctx.xapi.call('task.get_all')).toContain(st.task);
      expect(new Set(await ctx.xapi.call('task.get_all'))).toEqual(new Set(ctx.sim.records('task').keys()));
    },
  },
  getRecord('task', () => st.task),
  {
    fn: 'task.get_name_label',
    async run(ctx) {
      expect(await ctx.xapi.call('task.get_name_label', st.task)).toBe('Async.VM.clone');
    },
  },
  {
    fn: 'task.get_status',
    async run(ctx) {
      expect(await ctx.xapi.call('task.get_status', st.task)).toBe('success');
    },
  },
  {
    fn: 'task.get_progress',
    async run(ctx) {
      expect(await ctx.xapi.call('task.get_progress', st.task)).toBe(1);
    },
  },
  {
    fn: 'task.get_result',
    async run(ctx) {
      const result = await ctx.xapi.call('task.get_result', st.task);
      const ref = /^<value>(OpaqueRef:[^<]+)<\/value>$/.exec(result)?.[1];
      expect(ref, result).toBeDefined();
      expect(rec(ctx, 'VM', ref!).name_label).toBe('task clone');
    },
  },
  {
    fn: 'task.get_error_info',
    async run(ctx) {
      expect(await ctx.xapi.call('task.get_error_info', st.task)).toEqual([]);
      const vm = runningVm(ctx);
      const failed = (await rpc(ctx.url, 'Async.VM.start', ctx.session, vm, false, false)) as string;
      await waitTask(ctx, failed);
      expect(await ctx.xapi.call('task.get_status', failed)).toBe('failure');
      expect(await ctx.xapi.call('task.get_error_info', failed)).toEqual(['VM_BAD_POWER_STATE', vm, 'halted', 'running']);
      await ctx.xapi.call('task.destroy', failed);
    },
  },
  {
    fn: 'task.cancel',
    async run(ctx) {
      const t = await ctx.xapi.call('task.create', 'walk cancel', '');
      expect(rec(ctx, 'task', t).status).toBe('pending');
      await ctx.xapi.call('task.cancel', t);
      expect(rec(ctx, 'task', t)).toMatchObject({ status: 'cancelled', error_info: ['TASK_CANCELLED', t] });
      await ctx.xapi.call('task.destroy', t);
    },
  },
  {
    fn: 'task.destroy',
    async run(ctx) {
      await ctx.xapi.call('task.destroy', st.task);
      expect(ctx.sim.records('task').has(st.task)).toBe(false);
      const e = await rejected(ctx.xapi.call('task.get_status', st.task));
      expect([e.code, ...e.params]).toEqual(['HANDLE_INVALID', 'task', st.task]);
    },
  },
];

const events: RefCase[] = [
  {
    fn: 'event.from',
    async run(ctx) {
      const first = await ctx.xapi.call('event.from', ['vm'], '', 5);
      const vms = ctx.sim.records('VM');
      expect(first.events.filter((e) => e.operation === 'add').map((e) => e.ref).sort()).toEqual([...vms.keys()].sort());
      expect(first.valid_ref_counts.vm).toBe(vms.size);
      expect(first.token).toMatch(/^\d{20},\d{20}$/);
      await ctx.xapi.call('VM.set_name_description', runningVm(ctx), 'seen by event.from');
      const next = await ctx.xapi.call('event.from', ['vm'], first.token, 5);
      const mine = next.events.filter((e) => e.ref === runningVm(ctx));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ class: 'vm', operation: 'mod' });
      expect((mine[0].snapshot as Rec).name_description).toBe('seen by event.from');
      st.token = next.token;
    },
  },
  {
    fn: 'event.inject',
    async run(ctx) {
      const sr = find(ctx, 'SR', (s) => s.type === 'nfs');
      const t = await ctx.xapi.call('event.inject', 'SR', sr);
      expect(t).toMatch(/^\d{20},\d{20}$/);
      const got = await ctx.xapi.call('event.from', ['sr'], st.token, 5);
      expect(got.events.map((e) => [e.class, e.operation, e.ref])).toContainEqual(['sr', 'mod', sr]);
      // the returned token is after the injected change
      const after = await ctx.xapi.call('event.from', ['sr'], t, 0.2);
      expect(after.events).toEqual([]);
    },
  },
];

const messages: RefCase[] = [
  {
    fn: 'message.get_all',
    async run(ctx) {
      // VM power operations above created messages (VM_STARTED …): one for the walked VM
      const all = await ctx.xapi.call('message.get_all');
      expect(new Set(all)).toEqual(new Set(ctx.sim.records('message').keys()));
      const uuid = String(rec(ctx, 'VM', halted(ctx)).uuid);
      st.message = all.find((m) => rec(ctx, 'message', m).obj_uuid === uuid && rec(ctx, 'message', m).name === 'VM_STARTED') ?? '';
      expect(st.message).toMatch(/^OpaqueRef:/);
    },
  },
  {
    fn: 'message.get_record',
    async run(ctx) {
      const m = await ctx.xapi.call('message.get_record', st.message);
      expect(m).toMatchObject({ name: 'VM_STARTED', cls: 'VM', obj_uuid: rec(ctx, 'VM', halted(ctx)).uuid });
      expect(m).toEqual(rec(ctx, 'message', st.message));
    },
  },
  {
    fn: 'message.destroy',
    async run(ctx) {
      await ctx.xapi.call('message.destroy', st.message);
      expect(ctx.sim.records('message').has(st.message)).toBe(false);
      expect(await ctx.xapi.call('message.get_all')).not.toContain(st.message);
    },
  },
];

const family: RefFamily = {
  name: 'session-vm-task',
  simulator: { port: 0, taskDurationMs: 0, users: [{ user: 'alice', password: 'wonderland', role: 'vm-operator' }] },
  cases: [...session, ...rbac, ...vmQueries, ...vmSetters, ...vmPower, ...vmCopies, ...metrics, ...tasks, ...events, ...messages],
};
export default family;
