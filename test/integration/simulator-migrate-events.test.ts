// VM.pool_migrate / assert_can_migrate / migrate_send / host.migrate_receive, legacy events
// (register/next/unregister, EVENTS_LOST), running-VM metrics, VMSS/VMPP, session and message extras
// over JSON-RPC: effects on every related record and each family's failing precondition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply as rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NULL = 'OpaqueRef:NULL';

function helpers(get: () => { sim: Simulator; s: string }) {
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(get().sim.url, m, [get().s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(get().sim.url, m, [get().s, ...p]).then(errArray);
  const rec = (cls: string, ref: string) => get().sim.records(cls).get(ref)!;
  const vms = (pred: (v: Rec) => boolean) => [...get().sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v)).map(([r]) => r);
  const disks = (vm: string) => (rec('VM', vm).VBDs as string[]).map((b) => rec('VBD', b)).filter((b) => b.type === 'Disk' && !b.empty).map((b) => String(b.VDI));
  const srOf = (vdi: string) => String(rec('VDI', vdi).SR);
  const sharedOnly = (vm: string) => disks(vm).every((d) => rec('SR', srOf(d)).shared === true);
  const hostText = (h: string) => `'${String(rec('host', h).name_label)}' (uuid: ${String(rec('host', h).uuid)})`;
  return { call, fail, rec, vms, disks, srOf, sharedOnly, hostText };
}

describe('simulator migration', () => {
  let sim: Simulator;
  let s: string;
  const h = helpers(() => ({ sim, s }));
  const { call, fail, rec, vms, disks, srOf, sharedOnly, hostText } = h;

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 400, memberListeners: true, metricsIntervalMs: 0 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  it('VM.pool_migrate: resident_on, domid, consoles at the destination, devices attached, host/VM ops, progress, VM_MIGRATED', async () => {
    const migratable = vms((v) => v.power_state === 'Running').find(sharedOnly)!;
    const before = structuredClone(rec('VM', migratable));
    const from = String(before.resident_on);
    const to = [...sim.records('host').keys()].find((x) => x !== from)!;
    const task = await call<string>('Async.VM.pool_migrate', migratable, to, {});
    await wait(150);
    expect(Object.values(rec('VM', migratable).current_operations as Rec)).toEqual(['pool_migrate']);
    expect(rec('VM', migratable).current_operations).toHaveProperty(task);
    expect(rec('host', to).current_operations).toEqual({ [task]: 'vm_migrate' });
    expect(rec('VM', migratable).scheduled_to_be_resident_on).toBe(to);
    expect(Number(rec('task', task).progress)).toBeGreaterThan(0);
    for (let i = 0; i < 50 && rec('task', task).status === 'pending'; i++) await wait(50);
    expect(rec('task', task)).toMatchObject({ status: 'success', progress: 1 });
    const after = rec('VM', migratable);
    expect(after).toMatchObject({ resident_on: to, power_state: 'Running', scheduled_to_be_resident_on: NULL, current_operations: {} });
    expect(after.domid).not.toBe(before.domid);
    expect(rec('host', to).current_operations).toEqual({});
    expect(rec('host', to).resident_VMs).toContain(migratable);
    expect(rec('host', from).resident_VMs).not.toContain(migratable);
    const addr = String(rec('host', to).address);
    expect(addr).not.toBe('127.0.0.1');
    expect((after.consoles as string[]).length).toBeGreaterThan(0);
    for (const c of after.consoles as string[]) {
      expect(before.consoles).not.toContain(c);
      expect(rec('console', c).location).toBe(`http://${addr}:${sim.port}/console?uuid=${String(rec('console', c).uuid)}`);
    }
    for (const c of before.consoles as string[]) expect(sim.records('console').has(c)).toBe(false);
    for (const b of after.VBDs as string[]) expect(rec('VBD', b).currently_attached).toBe(!rec('VBD', b).empty);
    for (const v of after.VIFs as string[]) expect(rec('VIF', v).currently_attached).toBe(true);
    const msg = [...sim.records('message').values()].filter((m) => m.name === 'VM_MIGRATED' && m.obj_uuid === after.uuid);
    expect(msg).toHaveLength(1);
    expect(msg[0]).toMatchObject({ priority: 5, cls: 'VM', body: `VM '${String(after.name_label)}' (uuid: ${String(after.uuid)}) migrated from host ${hostText(from)} to host ${hostText(to)}` });
  });

  it('VM.pool_migrate to the host it runs on (localhost migration) is allowed, even when disabled', async () => {
    const vm = vms((v) => v.power_state === 'Running')[0];
    const host = String(rec('VM', vm).resident_on);
    const domid = rec('VM', vm).domid;
    sim.records('host').get(host)!.enabled = false;
    try {
      await call('VM.pool_migrate', vm, host, {});
    } finally { sim.records('host').get(host)!.enabled = true; }
    expect(rec('VM', vm).resident_on).toBe(host);
    expect(rec('VM', vm).domid).not.toBe(domid);
  });

  it('VM.pool_migrate preconditions: halted VM, disabled target, SR not on the target', async () => {
    const halted = vms((v) => v.power_state === 'Halted')[0];
    const anyHost = [...sim.records('host').keys()][0];
    expect(await fail('VM.pool_migrate', halted, anyHost, {})).toEqual(['VM_BAD_POWER_STATE', halted, 'running', 'halted']);
    const local = vms((v) => v.power_state === 'Running').find((v) => !sharedOnly(v))!;
    const from = String(rec('VM', local).resident_on);
    const to = [...sim.records('host').keys()].find((x) => x !== from)!;
    const localSr = disks(local).map(srOf).find((sr) => rec('SR', sr).shared !== true)!;
    expect(await fail('VM.pool_migrate', local, to, {})).toEqual(['VM_REQUIRES_SR', local, localSr]);
    expect(await fail('VM.assert_can_boot_here', local, to)).toEqual(['VM_REQUIRES_SR', local, localSr]);
    const agile = vms((v) => v.power_state === 'Running').find(sharedOnly)!;
    const other = [...sim.records('host').keys()].find((x) => x !== rec('VM', agile).resident_on)!;
    sim.records('host').get(other)!.enabled = false;
    try {
      expect(await fail('VM.pool_migrate', agile, other, {})).toEqual(['HOST_DISABLED', other]);
    } finally { sim.records('host').get(other)!.enabled = true; }
    expect(await fail('VM.pool_migrate', agile, 'OpaqueRef:nope', {})).toEqual(['HANDLE_INVALID', 'host', 'OpaqueRef:nope']);
  });

  it('host.migrate_receive: the dest map; errors for a network without PIF IP', async () => {
    const host = [...sim.records('host').keys()][1];
    const mgmt = String(rec('PIF', (rec('host', host).PIFs as string[]).find((p) => rec('PIF', p).management === true)!).network);
    const dest = await call<Record<string, string>>('host.migrate_receive', host, mgmt, {});
    expect(Object.keys(dest).sort()).toEqual(['SM', 'host', 'master', 'session_id', 'xenops']);
    expect(dest.host).toBe(host);
    expect(dest.xenops).toContain(String(rec('host', host).address));
    expect(dest.master).toContain(String(rec('host', [...sim.records('pool').values()][0].master as string).address));
    expect(sim.records('session').has(dest.session_id)).toBe(true);
    const noIp = (rec('host', host).PIFs as string[]).find((p) => rec('PIF', p).IP === '')!;
    expect(await fail('host.migrate_receive', host, rec('PIF', noIp).network, {})).toEqual(['INTERFACE_HAS_NO_IP', noIp]);
  });

  it('VM.migrate_send intra-pool with storage: live move to another host, disks mirrored to the mapped SR, old VDIs destroyed, SR accounting', async () => {
    const vm = vms((v) => v.power_state === 'Running').find((v) => !sharedOnly(v))!;
    const from = String(rec('VM', vm).resident_on);
    const to = [...sim.records('host').keys()].find((x) => x !== from)!;
    const shared = [...sim.records('SR')].find(([, r]) => r.shared === true && r.content_type === 'user')![0];
    const oldDisks = disks(vm);
    const sizes = oldDisks.map((d) => Number(rec('VDI', d).virtual_size));
    const oldSrs = oldDisks.map(srOf);
    const srBefore = { shared: Number(rec('SR', shared).virtual_allocation), old: Number(rec('SR', oldSrs[0]).virtual_allocation) };
    const mgmt = String(rec('PIF', (rec('host', to).PIFs as string[]).find((p) => rec('PIF', p).management === true)!).network);
    const dest = await call<Record<string, string>>('host.migrate_receive', to, mgmt, {});
    const vdiMap = Object.fromEntries(oldDisks.map((d) => [d, shared]));
    // the check alone changes nothing
    await call('VM.assert_can_migrate', vm, dest, true, vdiMap, {}, {}, {});
    expect(disks(vm)).toEqual(oldDisks);
    // without the map the local SR is not reachable from the destination
    const localSr = oldSrs.find((sr) => rec('SR', sr).shared !== true)!;
    expect(await fail('VM.assert_can_migrate', vm, dest, true, {}, {}, {}, {})).toEqual(['VM_REQUIRES_SR', vm, localSr]);
    const name = rec('VM', vm).name_label;
    const out = await call<string>('VM.migrate_send', vm, dest, true, vdiMap, {}, {}, {});
    expect(out).toBe(vm);
    const after = rec('VM', vm);
    expect(after).toMatchObject({ resident_on: to, power_state: 'Running', name_label: name });
    const newDisks = disks(vm);
    expect(newDisks).toHaveLength(oldDisks.length);
    for (const d of newDisks) { expect(oldDisks).not.toContain(d); expect(srOf(d)).toBe(shared); }
    for (const d of oldDisks) expect(sim.records('VDI').has(d)).toBe(false);
    for (const b of after.VBDs as string[]) expect(rec('VBD', b).currently_attached).toBe(!rec('VBD', b).empty);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(Number(rec('SR', shared).virtual_allocation)).toBe(srBefore.shared + total);
    expect(Number(rec('SR', oldSrs[0]).virtual_allocation)).toBe(srBefore.old - sizes.filter((_, i) => oldSrs[i] === oldSrs[0]).reduce((a, b) => a + b, 0));
    expect([...sim.records('message').values()].some((m) => m.name === 'VM_MIGRATED' && m.obj_uuid === after.uuid)).toBe(true);
  });

  it('VM.migrate_send of a halted VM moves only its disks; cross-pool and malformed dest are refused', async () => {
    const vm = vms((v) => v.power_state === 'Halted').find((v) => disks(v).length > 0 && !sharedOnly(v))!;
    const shared = [...sim.records('SR')].find(([, r]) => r.shared === true && r.content_type === 'user')![0];
    const host = [...sim.records('host').keys()][0];
    const dest = await call<Record<string, string>>('host.migrate_receive', host, String(rec('PIF', (rec('host', host).PIFs as string[])[0]).network), {});
    const old = disks(vm);
    await call('VM.migrate_send', vm, dest, false, Object.fromEntries(old.map((d) => [d, shared])), {}, {}, {});
    expect(rec('VM', vm).power_state).toBe('Halted');
    expect(rec('VM', vm).resident_on).toBe(NULL);
    for (const d of disks(vm)) expect(srOf(d)).toBe(shared);
    expect([...sim.records('message').values()].some((m) => m.name === 'VM_MIGRATED' && m.obj_uuid === rec('VM', vm).uuid)).toBe(false);
    const remote = { ...dest, host: 'OpaqueRef:00000000-0000-0000-0000-00000000beef', master: 'http://10.99.0.1/' };
    expect(await fail('VM.migrate_send', vm, remote, false, {}, {}, {}, {})).toEqual(['VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED']);
    expect(await fail('VM.assert_can_migrate', vm, { host }, false, {}, {}, {}, {})).toEqual(['INTERNAL_ERROR', 'Not_found']);
    const tpl = [...sim.records('VM')].find(([, r]) => r.is_a_template && r.is_default_template)?.[0];
    if (tpl) expect(await fail('VM.migrate_send', tpl, dest, false, {}, {}, {}, {})).toEqual(['VM_IS_TEMPLATE', tpl, 'migrate_send']);
  });
});

describe('simulator legacy events, metrics, schedules, session and message extras', () => {
  let sim: Simulator;
  let s: string;
  const { call, fail, rec, vms } = helpers(() => ({ sim, s }));

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 0, eventQueueLimit: 5, metricsIntervalMs: 60, users: [{ user: 'op', password: 'pw', role: 'pool-operator' }] });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  it('event.next without event.register → SESSION_NOT_REGISTERED [session]', async () => {
    expect(await fail('event.next')).toEqual(['SESSION_NOT_REGISTERED', s]);
  });

  it('event.register / next: records with id, timestamp, class, operation, ref, obj_uuid, snapshot; only registered classes; blocks', async () => {
    const s2 = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    const c2 = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s2, ...p]).then((r) => ok<T>(r));
    await c2('event.register', ['VM', 'message']);
    const vm = vms(() => true)[0];
    const t0 = Date.now();
    const pending = c2<Rec[]>('event.next');
    await wait(150);
    await call('VM.set_name_label', vm, 'renamed-by-test');
    const msg = await call<string>('message.create', 'TEST', 5, 'VM', rec('VM', vm).uuid, 'hello');
    const events = await pending;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const vmEv = events.find((e) => e.class === 'vm' && e.ref === vm)!;
    expect(vmEv).toMatchObject({ operation: 'mod', obj_uuid: rec('VM', vm).uuid });
    expect(typeof vmEv.id).toBe('number');
    expect(String(vmEv.timestamp)).toMatch(/^\d{8}T\d\d:\d\d:\d\dZ$/);
    expect((vmEv.snapshot as Rec).name_label).toBe('renamed-by-test');
    expect(events.find((e) => e.class === 'message')).toMatchObject({ operation: 'add', ref: msg });
    expect(events.every((e) => e.class === 'vm' || e.class === 'message')).toBe(true);
    // destroy → del
    const p2 = c2<Rec[]>('event.next');
    await call('message.destroy', msg);
    expect((await p2).find((e) => e.ref === msg)).toMatchObject({ class: 'message', operation: 'del' });
    // unregister everything → not registered again
    await c2('event.unregister', ['vm', 'MESSAGE']);
    expect(errArray(await rpc(sim.url, 'event.next', [s2]))).toEqual(['SESSION_NOT_REGISTERED', s2]);
    // event.get_current_id is the database generation (an int that moves)
    const id1 = await call<number>('event.get_current_id');
    await call('VM.set_name_description', vm, 'x');
    expect(await call<number>('event.get_current_id')).toBeGreaterThan(id1);
  });

  it('a slow reader overflows its queue (eventQueueLimit) → EVENTS_LOST, then must re-register', async () => {
    await call('event.register', ['vm']);
    const vm = vms(() => true)[0];
    for (let i = 0; i < 7; i++) await call('VM.set_name_description', vm, `burst ${i}`);
    expect(await fail('event.next')).toEqual(['EVENTS_LOST']);
    expect(await fail('event.next')).toEqual(['SESSION_NOT_REGISTERED', s]);
    await call('event.register', ['vm']);
    const p = call<Rec[]>('event.next');
    await wait(80);
    await call('VM.set_name_description', vm, 'after');
    expect((await p).some((e) => e.ref === vm)).toBe(true);
    await call('event.unregister', ['vm']);
  });

  it('event.from is untouched by legacy registration', async () => {
    const r = await call<{ events: Rec[]; token: string }>('event.from', ['vm'], '', 0);
    expect(r.events.length).toBeGreaterThan(0);
    const vm = vms(() => true)[0];
    const p = call<{ events: Rec[] }>('event.from', ['vm'], r.token, 5);
    await wait(50);
    await call('VM.set_name_description', vm, 'from-check');
    const got = await p;
    expect(got.events.find((e) => e.ref === vm)).toMatchObject({ operation: 'mod' });
  });

  it('running-VM metrics move on the timer: memory_actual near target, VCPUs_utilisation, guest metrics, host memory_free by §2.8', async () => {
    const running = vms((v) => v.power_state === 'Running');
    const vm = running[0];
    const m0 = String(rec('VM', vm).metrics);
    const before = structuredClone(rec('VM_metrics', m0));
    await wait(250);
    const m = rec('VM_metrics', m0);
    expect(JSON.stringify(m.VCPUs_utilisation)).not.toBe(JSON.stringify(before.VCPUs_utilisation));
    const v = rec('VM', vm);
    const actual = Number(m.memory_actual);
    expect(actual).toBeLessThanOrEqual(Number(v.memory_dynamic_max));
    expect(actual).toBeGreaterThanOrEqual(Number(v.memory_dynamic_min));
    const util = m.VCPUs_utilisation as Record<string, number>;
    expect(Object.keys(util)).toHaveLength(Math.max(1, Number(m.VCPUs_number)));
    for (const x of Object.values(util)) { expect(x).toBeGreaterThanOrEqual(0); expect(x).toBeLessThanOrEqual(1); }
    const withGuest = running.find((r) => rec('VM', r).guest_metrics !== NULL && sim.records('VM_guest_metrics').has(String(rec('VM', r).guest_metrics)));
    if (withGuest) {
      const g = rec('VM_guest_metrics', String(rec('VM', withGuest).guest_metrics));
      expect(Object.keys(g.os_version as Rec).length).toBeGreaterThan(0);
      expect(Object.keys(g.networks as Rec).some((k) => /^\d+\/ip$/.test(k))).toBe(true);
      expect(g.PV_drivers_detected).toBe(true);
    }
    for (const [hostRef, host] of sim.records('host')) {
      const hm = rec('host_metrics', String(host.metrics));
      let free = Number(hm.memory_total) - Number(host.memory_overhead);
      for (const x of sim.records('VM').values()) if (x.resident_on === hostRef || x.scheduled_to_be_resident_on === hostRef) free -= Number(x.memory_dynamic_min) + Number(x.memory_overhead);
      expect(Number(hm.memory_free)).toBe(Math.max(0, free));
    }
    // visible through event.from, one mod per VM_metrics per tick (coalesced)
    const r0 = await call<{ token: string }>('event.from', ['vm_metrics'], '', 0);
    const r1 = await call<{ events: Rec[] }>('event.from', ['vm_metrics'], r0.token, 2);
    expect(r1.events.length).toBeGreaterThan(0);
    expect(new Set(r1.events.map((e) => e.ref)).size).toBe(r1.events.length);
  });

  it('no metrics ticks while no guest VM runs', async () => {
    const quiet = await startSimulator({ vms: 0, metricsIntervalMs: 20, taskDurationMs: 0 });
    try {
      const before = [...quiet.records('VM_metrics').values()].map((r) => r.last_updated);
      await wait(120);
      expect([...quiet.records('VM_metrics').values()].map((r) => r.last_updated)).toEqual(before);
    } finally { await quiet.close(); }
  });

  it('VMSS.snapshot_now keeps retained_snapshots, VMSS_SNAPSHOT_SUCCEEDED; VMSS.create range check', async () => {
    expect(await fail('VMSS.create', { name_label: 'bad', retained_snapshots: 0, type: 'snapshot', frequency: 'daily', schedule: {} })).toEqual(['INVALID_VALUE', 'retained_snapshots', '0']);
    const vmss = await call<string>('VMSS.create', { name_label: 'hourly', type: 'snapshot', retained_snapshots: 1, frequency: 'hourly', schedule: { min: '0' }, enabled: true });
    const [a, b] = vms((v) => v.power_state === 'Running').slice(0, 2);
    await call('VM.set_snapshot_schedule', a, vmss);
    await call('VM.set_snapshot_schedule', b, vmss);
    await call('VMSS.snapshot_now', vmss);
    const first = (rec('VM', a).snapshots as string[]).filter((x) => rec('VM', x).is_vmss_snapshot === true);
    expect(first).toHaveLength(1);
    const firstDisks = (rec('VM', first[0]).VBDs as string[]).map((x) => rec('VBD', x)).filter((x) => x.type === 'Disk' && !x.empty).map((x) => String(x.VDI));
    await wait(1100); // a later snapshot_time
    await call('VMSS.snapshot_now', vmss);
    const second = (rec('VM', a).snapshots as string[]).filter((x) => rec('VM', x).is_vmss_snapshot === true);
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first[0]);
    expect(sim.records('VM').has(first[0])).toBe(false);
    for (const d of firstDisks) expect(sim.records('VDI').has(d)).toBe(false);
    expect((rec('VM', b).snapshots as string[]).filter((x) => rec('VM', x).is_vmss_snapshot === true)).toHaveLength(1);
    expect(rec('VMSS', vmss).last_run_time).not.toBe('19700101T00:00:00Z');
    const msgs = [...sim.records('message').values()].filter((m) => m.name === 'VMSS_SNAPSHOT_SUCCEEDED' && m.obj_uuid === rec('VMSS', vmss).uuid);
    expect(msgs).toHaveLength(2);
    expect(await fail('VMSS.destroy', vmss)).toEqual(['VMSS_HAS_VM']);
  });

  it('session.change_password: role users are refused; get_all_subject_identifiers; message.get_all_records_where', async () => {
    const op = ok<string>(await rpc(sim.url, 'session.login_with_password', ['op', 'pw']));
    const e = errArray(await rpc(sim.url, 'session.change_password', [op, 'pw', 'x']))!;
    expect(e[0]).toBe('RBAC_PERMISSION_DENIED');
    expect(e[1]).toBe('session.change_password');
    const sid = String(rec('session', op).auth_user_sid);
    expect(await call<string[]>('session.get_all_subject_identifiers')).toEqual([sid]);
    await call('session.logout_subject_identifier', sid);
    expect(sim.records('session').has(op)).toBe(false);
    expect(sim.records('session').has(s)).toBe(true);
    expect(await call<string[]>('session.get_all_subject_identifiers')).toEqual([]);
    const where = await call<Record<string, Rec>>('message.get_all_records_where', 'name="VMSS_SNAPSHOT_SUCCEEDED"');
    expect(Object.values(where).length).toBeGreaterThan(0);
    expect(Object.values(where).every((m) => m.name === 'VMSS_SNAPSHOT_SUCCEEDED')).toBe(true);
    expect(await call<Record<string, Rec>>('message.get_all_records_where', 'name="VMSS_SNAPSHOT_SUCCEEDED" and priority="3"')).toEqual({});
  });
});
