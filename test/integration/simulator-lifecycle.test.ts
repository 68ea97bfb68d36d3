// VM clone/copy/snapshot/checkpoint/revert/provision/destroy, VDI and VBD operations over JSON-RPC:
// effects on every related record (SEMANTICS.md 3, 8, 9.1-9.2) and each family's failing precondition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';

import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';
import { macFromSeed } from '../support/mac-reference';
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;

const mac = macFromSeed;

describe('simulator VM lifecycle copies and storage operations', () => {
  let sim: Simulator;
  let s: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
  const rec = (cls: string, ref: string) => sim.records(cls).get(ref)!;
  const vms = (pred: (v: Rec) => boolean) => [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v)).map(([r]) => r);
  const disksOf = (vm: string) => (rec('VM', vm).VBDs as string[]).map((b) => rec('VBD', b)).filter((b) => b.type === 'Disk' && !b.empty).map((b) => String(b.VDI));
  const srOf = (vdi: string) => String(rec('VDI', vdi).SR);

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 120 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  it('VM.snapshot of a running VM: snapshot record, VDI snapshots, SR accounting, parent chain, allowed ops, message', async () => {
    const vm = vms((v) => v.power_state === 'Running' && (v.VIFs as string[]).length > 0)[0];
    const src = rec('VM', vm);
    const disk = disksOf(vm)[0];
    const sr = srOf(disk);
    const before = { ...rec('SR', sr) };
    const oldParent = src.parent;
    const snap = await call<string>('VM.snapshot', vm, 'snap-1', []);
    const r = rec('VM', snap);
    expect(r).toMatchObject({ name_label: 'snap-1', is_a_snapshot: true, is_a_template: true, snapshot_of: vm, power_state: 'Halted', parent: oldParent });
    expect(r.snapshot_info).toEqual({ 'power-state-at-snapshot': 'Running', 'disk-snapshot-type': 'crash_consistent' });
    expect(String(r.snapshot_metadata)).toMatch(/^<value><struct>/);
    expect(rec('VM', vm).snapshots).toContain(snap);
    expect(rec('VM', vm).parent).toBe(snap);
    expect(new Set(r.allowed_operations as string[])).toEqual(new Set(['revert', 'clone', 'copy', 'export', 'destroy', 'metadata_export']));
    // one VDI snapshot per disk, in the same SR
    const snapDisks = disksOf(snap);
    expect(snapDisks).toHaveLength(disksOf(vm).length);
    const sv = rec('VDI', snapDisks[0]);
    expect(sv).toMatchObject({ is_a_snapshot: true, snapshot_of: disk, SR: sr, virtual_size: rec('VDI', disk).virtual_size, name_label: rec('VDI', disk).name_label });
    expect(rec('VDI', disk).snapshots).toContain(snapDisks[0]);
    const after = rec('SR', sr);
    expect(Number(after.virtual_allocation)).toBe(Number(before.virtual_allocation) + Number(sv.virtual_size));
    expect(Number(after.physical_utilisation)).toBeGreaterThan(Number(before.physical_utilisation));
    // VBDs: disk VBD gets owner, VIFs keep their MACs
    const snapVbd = (r.VBDs as string[]).map((b) => rec('VBD', b)).find((b) => b.type === 'Disk')!;
    expect(snapVbd).toMatchObject({ currently_attached: false, VM: snap });
    expect((snapVbd.other_config as Rec).owner).toBe('');
    expect((r.VIFs as string[]).map((v) => rec('VIF', v).MAC).sort()).toEqual((src.VIFs as string[]).map((v) => rec('VIF', v).MAC).sort());
    expect((r.other_config as Rec).mac_seed).toBe((src.other_config as Rec).mac_seed);
    const msg = [...sim.records('message').values()].find((m) => m.name === 'VM_SNAPSHOTTED' && m.obj_uuid === src.uuid);
    expect(msg?.body).toBe(`VM '${String(src.name_label)}' (uuid: ${String(src.uuid)}) snapshotted, snapshot name: snap-1`);
    // the VM itself is untouched
    expect(rec('VM', vm).power_state).toBe('Running');
  });

  it('VM.clone of a halted VM: new mac_seed, VIF MACs by §9.4, VDI clones (not snapshots), no message', async () => {
    const vm = vms((v) => v.power_state === 'Halted' && (v.VIFs as string[]).length > 0)[0];
    await call('VM.remove_from_other_config', vm, 'mac_seed');
    await call('VM.add_to_other_config', vm, 'default_template', 'true');
    const clone = await call<string>('VM.clone', vm, 'the clone');
    const r = rec('VM', clone);
    expect(r).toMatchObject({ name_label: 'the clone', is_a_snapshot: false, is_a_template: false, snapshot_of: 'OpaqueRef:NULL', power_state: 'Halted', blocked_operations: {} });
    const seed = String((r.other_config as Rec).mac_seed);
    expect(seed).toMatch(/^[0-9a-f-]{36}$/);
    expect('default_template' in (r.other_config as Rec)).toBe(false);
    for (const v of r.VIFs as string[]) expect(rec('VIF', v).MAC).toBe(mac(seed, Number(rec('VIF', v).device)));
    const cd = disksOf(clone);
    expect(cd).toHaveLength(disksOf(vm).length);
    expect(rec('VDI', cd[0])).toMatchObject({ is_a_snapshot: false, snapshot_of: 'OpaqueRef:NULL', SR: srOf(disksOf(vm)[0]) });
    expect(new Set(r.allowed_operations as string[])).toContain('start');
    expect([...sim.records('message').values()].some((m) => m.obj_uuid === r.uuid)).toBe(false);
    // a running VM cannot be cloned
    const running = vms((v) => v.power_state === 'Running')[0];
    expect(await fail('VM.clone', running, 'x')).toEqual(['VM_BAD_POWER_STATE', running, 'halted', 'running']);
  });

  it('VM.copy to another SR copies each disk there (fresh VDIs, sm_config {}); to an ISO SR is refused', async () => {
    const vm = vms((v) => v.power_state === 'Halted').find((r) => disksOf(r).length > 0)!;
    const srcSr = srOf(disksOf(vm)[0]);
    const target = [...sim.records('SR')].find(([r, x]) => r !== srcSr && x.content_type === 'user' && (x.PBDs as string[]).length > 0)![0];
    const before = Number(rec('SR', target).virtual_allocation);
    const copy = await call<string>('VM.copy', vm, 'copied', target);
    const d = disksOf(copy);
    expect(d.map(srOf)).toEqual(d.map(() => target));
    expect(rec('VDI', d[0])).toMatchObject({ read_only: false, sm_config: {}, is_a_snapshot: false, virtual_size: rec('VDI', disksOf(vm)[0]).virtual_size });
    expect(Number(rec('SR', target).virtual_allocation)).toBe(before + Number(rec('VDI', d[0]).virtual_size));
    const iso = [...sim.records('SR')].find(([, x]) => x.content_type === 'iso')![0];
    expect(await fail('VM.copy', vm, 'nope', iso)).toEqual(['OPERATION_NOT_ALLOWED', "Cannot copy a VM's disks to an ISO SR"]);
  });

  it('Async.VM.clone returns a task whose progress rises and whose result is the new VM; subtasks Async.VDI.clone appear', async () => {
    const vm = vms((v) => v.power_state === 'Halted').find((r) => disksOf(r).length > 0)!;
    const task = await call<string>('Async.VM.clone', vm, 'async clone');
    const seenSub: Rec[] = [];
    let progress = 0;
    for (let i = 0; i < 100; i++) {
      const t = rec('task', task);
      progress = Math.max(progress, Number(t.progress));
      for (const x of sim.records('task').values()) if (x.subtask_of === task) seenSub.push(x);
      if (t.status !== 'pending') break;
      await wait(10);
    }
    const t = await call<Rec>('task.get_record', task);
    expect(t.status).toBe('success');
    const ref = /<value>(OpaqueRef:[^<]+)<\/value>/.exec(String(t.result))![1];
    expect(rec('VM', ref).name_label).toBe('async clone');
    expect(seenSub.some((x) => x.name_label === 'Async.VDI.clone')).toBe(true);
    expect(progress).toBeGreaterThan(0);
  });

  it('VM.checkpoint of a running VM: a Suspended snapshot with its own suspend VDI; the VM keeps running (new domid)', async () => {
    const vm = vms((v) => v.power_state === 'Running' && v.domain_type === 'pv')[0];
    const domid = rec('VM', vm).domid;
    const cp = await call<string>('VM.checkpoint', vm, 'cp-1');
    const r = rec('VM', cp);
    expect(r).toMatchObject({ is_a_snapshot: true, snapshot_of: vm, power_state: 'Suspended' });
    expect((r.snapshot_info as Rec)['power-state-at-snapshot']).toBe('Running');
    const sv = rec('VDI', String(r.suspend_VDI));
    expect(sv).toMatchObject({ type: 'suspend', is_a_snapshot: true });
    expect(new Set(r.allowed_operations as string[])).toEqual(new Set(['revert', 'clone', 'copy', 'export', 'destroy', 'metadata_export', 'hard_shutdown']));
    expect(rec('VM', vm).power_state).toBe('Running');
    expect(rec('VM', vm).domid).not.toBe(domid);
    expect(rec('VM', vm).suspend_VDI).toBe('OpaqueRef:NULL');
    expect([...sim.records('message').values()].some((m) => m.name === 'VM_CHECKPOINTED' && m.obj_uuid === rec('VM', vm).uuid)).toBe(true);
  });

  it('VM.revert: disks replaced by clones of the snapshot disks, fields restored, parent = snapshot, message', async () => {
    const vm = vms((v) => v.power_state === 'Halted').find((r) => disksOf(r).length > 0)!;
    const original = String(rec('VM', vm).name_label);
    const snap = await call<string>('VM.snapshot', vm, 'before change', []);
    const oldDisk = disksOf(vm)[0];
    const snapDisk = disksOf(snap)[0];
    await call('VM.set_name_label', vm, 'changed');
    await call('VM.set_memory_dynamic_range', vm, 1 * GiB, 2 * GiB);
    await call('VM.revert', snap);
    const r = rec('VM', vm);
    expect(r.name_label).toBe(original);
    expect(r.memory_dynamic_min).not.toBe(1 * GiB);
    expect(r.parent).toBe(snap);
    expect(r.power_state).toBe('Halted');
    const newDisk = disksOf(vm)[0];
    expect(newDisk).not.toBe(oldDisk);
    expect(sim.records('VDI').has(oldDisk)).toBe(false);
    expect(rec('VDI', newDisk).is_a_snapshot).toBe(false);
    expect(rec('VDI', snapDisk).snapshot_of).toBe(newDisk); // re-pointed
    const msg = [...sim.records('message').values()].find((m) => m.name === 'VM_SNAPSHOT_REVERTED' && m.obj_uuid === r.uuid);
    expect(msg?.body).toBe(`VM '${original}' (uuid: ${String(r.uuid)}) reverted to snapshot: before change (uuid ${String(rec('VM', snap).uuid)})`);
    expect(await fail('VM.revert', vm)).toEqual(['REVERT_ONLY_ALLOWED_ON_SNAPSHOT']);
  });

  it('snapshot_with_quiesce answers VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED [vm]; snapshot of a template VM_IS_TEMPLATE', async () => {
    const vm = vms((v) => v.power_state === 'Running')[0];
    expect(await fail('VM.snapshot_with_quiesce', vm, 'q')).toEqual(['VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', vm]);
    const tpl = [...sim.records('VM')].find(([, v]) => v.is_a_template && !v.is_a_snapshot)![0];
    expect(await fail('VM.snapshot', tpl, 'x', [])).toEqual(['VM_IS_TEMPLATE', tpl, 'snapshot']);
  });

  it('VM.provision creates the disks of the template spec on the default SR and makes a VM', async () => {
    const tpl = [...sim.records('VM')].find(([, v]) => v.is_a_template && !v.is_a_snapshot && v.is_default_template)![0];
    const vm = await call<string>('VM.clone', tpl, 'from template');
    expect(rec('VM', vm).is_a_template).toBe(true);
    await call('VM.remove_from_other_config', vm, 'disks'); // replace the template's own spec with a two-disk one
    await call('VM.add_to_other_config', vm, 'disks', '<provision><disk device="0" size="8589934592" sr="" bootable="true" type="system"/><disk device="1" size="1073741824" sr="" bootable="false" type="user"/></provision>');
    const pool = [...sim.records('pool').values()][0];
    const before = Number(rec('SR', String(pool.default_SR)).virtual_allocation);
    await call('VM.provision', vm);
    const r = rec('VM', vm);
    expect(r.is_a_template).toBe(false);
    expect('disks' in (r.other_config as Rec)).toBe(false);
    const vbds = (r.VBDs as string[]).map((b) => rec('VBD', b)).filter((b) => b.type === 'Disk');
    expect(vbds.map((b) => b.userdevice).sort()).toEqual(['0', '1']);
    const sys = vbds.find((b) => b.userdevice === '0')!;
    expect(sys).toMatchObject({ mode: 'RW', bootable: true, unpluggable: false, other_config: { owner: '' } });
    expect(rec('VDI', String(sys.VDI))).toMatchObject({ name_label: '0', name_description: 'Created by template provisioner', SR: pool.default_SR, virtual_size: 8 * GiB });
    expect(Number(rec('SR', String(pool.default_SR)).virtual_allocation)).toBe(before + 9 * GiB);
    expect(r.allowed_operations).toContain('start');
    // a non-template refuses, an unknown SR uuid too
    expect(await fail('VM.provision', vm)).toEqual(['PROVISION_ONLY_ALLOWED_ON_TEMPLATE']);
    const t2 = await call<string>('VM.clone', tpl, 't2');
    await call('VM.remove_from_other_config', t2, 'disks');
    await call('VM.add_to_other_config', t2, 'disks', '<provision><disk device="0" size="1024" sr="not-a-uuid" bootable="true" type="system"/></provision>');
    expect(await fail('VM.provision', t2)).toEqual(['UUID_INVALID', 'sr', 'not-a-uuid']);
  });

  it('VM.get_allowed_VBD_devices / get_allowed_VIF_devices: the free slots (0..254, VIFs 0..6), shrinking as devices are added', async () => {
    const vm = vms((v) => v.power_state === 'Halted' && (v.VIFs as string[]).length > 0)[0];
    const usedVbd = (rec('VM', vm).VBDs as string[]).map((b) => String(rec('VBD', b).userdevice));
    const vbdFree = await call<string[]>('VM.get_allowed_VBD_devices', vm);
    expect(vbdFree).toHaveLength(255 - usedVbd.length);
    for (const u of usedVbd) expect(vbdFree).not.toContain(u);
    expect(vbdFree).toContain('254');
    const vifFree = await call<string[]>('VM.get_allowed_VIF_devices', vm);
    const usedVif = (rec('VM', vm).VIFs as string[]).map((v) => String(rec('VIF', v).device));
    expect(vifFree).toEqual(['0', '1', '2', '3', '4', '5', '6'].filter((d) => !usedVif.includes(d)));
    const net = String(rec('VIF', (rec('VM', vm).VIFs as string[])[0]).network);
    await call('VIF.create', { device: vifFree[0], network: net, VM: vm, MAC: '', MTU: 1500, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {}, locking_mode: 'network_default', ipv4_allowed: [], ipv6_allowed: [] });
    expect(await call<string[]>('VM.get_allowed_VIF_devices', vm)).toEqual(vifFree.slice(1));
    expect(await fail('VM.get_allowed_VBD_devices', 'OpaqueRef:nope')).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
  });

  it('the default templates carry a disk to provision (sr="" = default SR) and restrictions, as shipped templates do', async () => {
    const [tpl, t] = [...sim.records('VM')].find(([, v]) => v.is_default_template === true && /Debian/.test(String(v.name_label)))!;
    expect(String((t.other_config as Rec).disks)).toMatch(/<disk device="0" size="\d+" sr="" bootable="true" type="system"\/>/);
    expect(String(t.recommendations)).toContain('<restriction field="vcpus-max" max="32"/>');
    const vm = await call<string>('VM.clone', tpl, 'from-shipped');
    await call('VM.provision', vm);
    const disks = disksOf(vm);
    expect(disks).toHaveLength(1);
    expect(srOf(disks[0])).toBe(String([...sim.records('pool').values()][0].default_SR));
  });

  it('VM.destroy removes the VM and its VBDs/VIFs/metrics but keeps every VDI (§3.6); a running VM refuses', async () => {
    const vm = vms((v) => v.power_state === 'Halted').find((r) => disksOf(r).length > 0)!;
    const copy = await call<string>('VM.clone', vm, 'to destroy');
    const r = rec('VM', copy);
    const vdis = disksOf(copy);
    await call('VM.destroy', copy);
    expect(sim.records('VM').has(copy)).toBe(false);
    for (const b of r.VBDs as string[]) expect(sim.records('VBD').has(b)).toBe(false);
    for (const v of r.VIFs as string[]) expect(sim.records('VIF').has(v)).toBe(false);
    expect(sim.records('VM_metrics').has(String(r.metrics))).toBe(false);
    for (const v of vdis) expect(sim.records('VDI').has(v)).toBe(true);
    const running = vms((v) => v.power_state === 'Running')[0];
    expect(await fail('VM.destroy', running)).toEqual(['VM_BAD_POWER_STATE', running, 'halted, suspended', 'running']);
    const tpl = [...sim.records('VM')].find(([, v]) => v.is_default_template)![0];
    expect(await fail('VM.destroy', tpl)).toEqual(['VM_IS_TEMPLATE', tpl, 'destroy']);
    expect(sim.records('VM').has(tpl)).toBe(true);
    const dom0 = [...sim.records('VM')].find(([, v]) => v.is_control_domain)![0];
    expect(await fail('VM.destroy', dom0)).toEqual(['VM_BAD_POWER_STATE', dom0, 'halted, suspended', 'running']);
  });

  it('VDI create/resize/snapshot/clone/copy/destroy keep SR virtual_allocation consistent; refusals', async () => {
    const pool = [...sim.records('pool').values()][0];
    const sr = String(pool.default_SR);
    const va = () => Number(rec('SR', sr).virtual_allocation);
    const start = va();
    const vdi = await call<string>('VDI.create', { name_label: 'data', name_description: '', SR: sr, virtual_size: 2 * GiB, type: 'user', sharable: false, read_only: false, other_config: { a: 'b' } });
    expect(rec('VDI', vdi)).toMatchObject({ name_label: 'data', managed: true, is_a_snapshot: false, on_boot: 'persist', virtual_size: 2 * GiB, other_config: { a: 'b' } });
    expect(rec('VDI', vdi).location).toBe(rec('VDI', vdi).uuid);
    expect(va()).toBe(start + 2 * GiB);
    await call('VDI.resize', vdi, 3 * GiB);
    expect(rec('VDI', vdi).virtual_size).toBe(3 * GiB);
    expect(va()).toBe(start + 3 * GiB);
    expect(await fail('VDI.resize', vdi, 1 * GiB)).toEqual(['SR_BACKEND_FAILURE_79', '', 'VDI Invalid size', '']);
    const sn = await call<string>('VDI.snapshot', vdi, {});
    expect(rec('VDI', sn)).toMatchObject({ is_a_snapshot: true, snapshot_of: vdi, other_config: { a: 'b' } });
    const cl = await call<string>('VDI.clone', vdi, {});
    expect(rec('VDI', cl)).toMatchObject({ is_a_snapshot: false, name_label: 'data' });
    expect(va()).toBe(start + 9 * GiB);
    const other = [...sim.records('SR')].find(([r, x]) => r !== sr && x.content_type === 'user')![0];
    const cp = await call<string>('VDI.copy', vdi, other, 'OpaqueRef:NULL', 'OpaqueRef:NULL');
    expect(rec('VDI', cp)).toMatchObject({ SR: other, virtual_size: 3 * GiB, sm_config: {} });
    for (const v of [sn, cl, vdi]) await call('VDI.destroy', v);
    expect(va()).toBe(start);
    expect(await fail('VDI.create', { name_label: 'x', name_description: '', SR: sr, virtual_size: 1, type: 'cbt_metadata', sharable: false, read_only: false, other_config: {} }))
      .toEqual(['VDI_INCOMPATIBLE_TYPE', '', 'CBT metadata']);
    const sharable = await call<string>('VDI.create', { name_label: 'shared', name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: true, read_only: false, other_config: {} });
    expect(await fail('VDI.snapshot', sharable, {})).toEqual(['VDI_IS_SHARABLE', sharable]);
    // an attached disk: destroy and offline resize refused, resize_online allowed
    const running = vms((v) => v.power_state === 'Running')[0];
    const live = disksOf(running)[0];
    expect(await fail('VDI.destroy', live)).toEqual(['VDI_IN_USE', live, 'destroy']);
    expect(await fail('VDI.resize', live, 100 * GiB)).toEqual(['VDI_IN_USE', live, 'resize']);
    await call('VDI.resize_online', live, 100 * GiB);
    expect(rec('VDI', live).virtual_size).toBe(100 * GiB);
  });

  it('VDI.forget removes only the record; introduce brings it back; LOCATION_NOT_UNIQUE', async () => {
    const sr = String([...sim.records('pool').values()][0].default_SR);
    const vdi = await call<string>('VDI.create', { name_label: 'f', name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {} });
    const { uuid, location } = rec('VDI', vdi);
    const pu = Number(rec('SR', sr).physical_utilisation);
    await call('VDI.forget', vdi);
    expect(sim.records('VDI').has(vdi)).toBe(false);
    expect(Number(rec('SR', sr).physical_utilisation)).toBe(pu);
    const back = await call<string>('VDI.introduce', uuid, 'f again', '', sr, 'user', false, false, {}, location, {}, {}, true, GiB, 0, 'OpaqueRef:NULL', false, '19700101T00:00:00Z', 'OpaqueRef:NULL');
    expect(rec('VDI', back)).toMatchObject({ uuid, name_label: 'f again', location });
    expect(await fail('VDI.introduce', '', 'dup', '', sr, 'user', false, false, {}, location, {}, {}, true, GiB, 0, 'OpaqueRef:NULL', false, '19700101T00:00:00Z', 'OpaqueRef:NULL'))
      .toEqual(['LOCATION_NOT_UNIQUE', sr, String(location)]);
  });

  it('VBD create/plug/unplug/insert/eject/destroy with their errors', async () => {
    const sr = String([...sim.records('pool').values()][0].default_SR);
    const halted = vms((v) => v.power_state === 'Halted')[0];
    const vdi = await call<string>('VDI.create', { name_label: 'extra', name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {} });
    const vbd = await call<string>('VBD.create', { VM: halted, VDI: vdi, userdevice: 'autodetect', bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} });
    const used = (rec('VM', halted).VBDs as string[]).filter((b) => b !== vbd).map((b) => Number(rec('VBD', b).userdevice));
    expect(Number(rec('VBD', vbd).userdevice)).toBe([0, 1, 2, 3, 4, 5].find((n) => !used.includes(n)));
    expect(rec('VBD', vbd)).toMatchObject({ currently_attached: false, device: '', allowed_operations: ['attach'] });
    expect(sim.records('VBD_metrics').has(String(rec('VBD', vbd).metrics))).toBe(true);
    expect(await fail('VBD.create', { VM: halted, VDI: vdi, userdevice: String(rec('VBD', vbd).userdevice), bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} }))
      .toEqual(['DEVICE_ALREADY_EXISTS', String(rec('VBD', vbd).userdevice)]);
    expect(await fail('VBD.create', { VM: halted, VDI: 'OpaqueRef:NULL', userdevice: '9', bootable: false, mode: 'RO', type: 'CD', empty: true, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} })).toBeNull();
    expect(await fail('VBD.create', { VM: halted, VDI: 'OpaqueRef:NULL', userdevice: '10', bootable: false, mode: 'RW', type: 'CD', empty: true, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} }))
      .toEqual(['VBD_CDS_MUST_BE_READONLY']);
    expect(await fail('VBD.create', { VM: halted, VDI: 'OpaqueRef:NULL', userdevice: '11', bootable: false, mode: 'RW', type: 'Disk', empty: true, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} }))
      .toEqual(['VBD_NOT_REMOVABLE_MEDIA', 'in constructor']);
    expect(await fail('VBD.create', { VM: halted, VDI: vdi, userdevice: 'bogus', bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} }))
      .toEqual(['INVALID_DEVICE', 'bogus']);
    expect(await fail('VBD.plug', vbd)).toEqual(['VM_BAD_POWER_STATE', halted, 'running', 'halted']);
    // plug/unplug on a running PV VM
    const running = vms((v) => v.power_state === 'Running' && v.domain_type === 'pv')[0];
    const vdi2 = await call<string>('VDI.create', { name_label: 'hot', name_description: '', SR: sr, virtual_size: GiB, type: 'user', sharable: false, read_only: false, other_config: {} });
    const hot = await call<string>('VBD.create', { VM: running, VDI: vdi2, userdevice: '5', bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} });
    await call('VBD.plug', hot);
    expect(rec('VBD', hot)).toMatchObject({ currently_attached: true, device: 'xvdf' });
    expect(rec('VDI', vdi2).allowed_operations).not.toContain('destroy');
    expect(await fail('VBD.plug', hot)).toEqual(['DEVICE_ALREADY_ATTACHED', hot]);
    expect(await fail('VBD.destroy', hot)).toEqual(['OPERATION_NOT_ALLOWED', `VBD '${String(rec('VBD', hot).uuid)}' still attached to '${String(rec('VM', running).uuid)}'`]);
    await call('VBD.unplug', hot);
    expect(rec('VBD', hot).currently_attached).toBe(false);
    expect(await fail('VBD.unplug', hot)).toEqual(['DEVICE_ALREADY_DETACHED', hot]);
    await call('VBD.destroy', hot);
    expect(sim.records('VBD').has(hot)).toBe(false);
    expect(rec('VDI', vdi2).VBDs).toEqual([]);
    // CD insert/eject
    const cd = (rec('VM', halted).VBDs as string[]).find((b) => rec('VBD', b).type === 'CD' && rec('VBD', b).empty)!;
    const iso = [...sim.records('VDI')].find(([, v]) => sim.records('SR').get(String(v.SR))?.content_type === 'iso')![0];
    expect(await fail('VBD.eject', cd)).toEqual(['VBD_IS_EMPTY', cd]);
    await call('VBD.insert', cd, iso);
    expect(rec('VBD', cd)).toMatchObject({ VDI: iso, empty: false });
    expect(rec('VBD', cd).allowed_operations).toEqual(['attach', 'eject']);
    expect(await fail('VBD.insert', cd, iso)).toEqual(['VBD_NOT_EMPTY', cd]);
    await call('VBD.eject', cd);
    expect(rec('VBD', cd)).toMatchObject({ VDI: 'OpaqueRef:NULL', empty: true });
    expect(await fail('VBD.insert', vbd, iso)).toEqual(['VBD_NOT_REMOVABLE_MEDIA', vbd]);
    // VDI.destroy takes its VBDs with it
    await call('VDI.destroy', vdi);
    expect(sim.records('VBD').has(vbd)).toBe(false);
  });

  it('memory and VCPU setters follow §4; compute_memory_overhead, maximise_memory, send_sysrq', async () => {
    const vm = vms((v) => v.power_state === 'Halted')[0];
    expect(await fail('VM.set_memory_limits', vm, 4 * GiB, 2 * GiB, 2 * GiB, 2 * GiB)).toEqual(['MEMORY_CONSTRAINT_VIOLATION_ORDER']);
    await call('VM.set_memory_limits', vm, GiB, 4 * GiB, 2 * GiB, 3 * GiB);
    expect(rec('VM', vm)).toMatchObject({ memory_static_min: GiB, memory_static_max: 4 * GiB, memory_dynamic_min: 2 * GiB, memory_dynamic_max: 3 * GiB, memory_target: 2 * GiB });
    const running = vms((v) => v.power_state === 'Running')[0];
    expect(await fail('VM.set_memory_static_max', running, 8 * GiB)).toEqual(['VM_BAD_POWER_STATE', running, 'halted', 'running']);
    expect(await fail('VM.set_VCPUs_at_startup', vm, 99)).toEqual(['INVALID_VALUE', 'VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max', '99']);
    const overhead = await call<number>('VM.compute_memory_overhead', vm);
    expect(overhead).toBeGreaterThan(0);
    expect(overhead % (1024 * 1024)).toBe(0);
    const max = await call<number>('VM.maximise_memory', vm, 8 * GiB, true);
    expect(max).toBeLessThan(8 * GiB);
    expect(max).toBeGreaterThan(7 * GiB);
    expect(await fail('VM.send_sysrq', vm, 'b')).toEqual(['VM_BAD_POWER_STATE', vm, 'running', 'halted']);
    expect(await call('VM.send_sysrq', running, 'b')).toBe('');
  });

  it('VM.create: Halted, a mac_seed, new VM_metrics, memory_overhead and §1.3 Halted allowed ops; runtime fields ignored', async () => {
    const vm = await call<string>('VM.create', {
      name_label: 'created', name_description: '', user_version: 1, is_a_template: false, affinity: 'OpaqueRef:NULL',
      memory_static_max: 2 * GiB, memory_dynamic_max: 2 * GiB, memory_dynamic_min: GiB, memory_static_min: GiB / 2,
      VCPUs_params: {}, VCPUs_max: 2, VCPUs_at_startup: 2, actions_after_shutdown: 'destroy', actions_after_reboot: 'restart',
      actions_after_crash: 'restart', PV_bootloader: 'pygrub', PV_kernel: '', PV_ramdisk: '', PV_args: '', PV_bootloader_args: '',
      PV_legacy_args: '', HVM_boot_policy: '', HVM_boot_params: {}, platform: {}, PCI_bus: '', other_config: {}, recommendations: '',
      power_state: 'Running', domid: 7,
    });
    const r = rec('VM', vm);
    expect(r).toMatchObject({ name_label: 'created', power_state: 'Halted', domid: -1, resident_on: 'OpaqueRef:NULL' });
    expect(String((r.other_config as Rec).mac_seed)).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.records('VM_metrics').has(String(r.metrics))).toBe(true);
    expect(Number(r.memory_overhead)).toBeGreaterThan(0);
    expect(new Set(r.allowed_operations as string[])).toEqual(new Set(['snapshot', 'clone', 'copy', 'start', 'start_on', 'migrate_send', 'changing_dynamic_range',
      'changing_static_range', 'changing_shadow_memory', 'changing_NVRAM', 'make_into_template', 'export', 'metadata_export', 'destroy', 'create_vtpm']));
    expect(await fail('VM.create', { name_label: 7 })).toEqual(['FIELD_TYPE_ERROR', 'name_label']);
  });
  it('VM.set_is_a_template (§3.7): halted only; the template loses its metrics and start, keeps clone/copy/provision', async () => {
    const running = vms((v) => v.power_state === 'Running')[0];
    expect(await fail('VM.set_is_a_template', running, true)).toEqual(['VM_BAD_POWER_STATE', running, 'halted', 'running']);
    const vm = await call<string>('VM.clone', vms((v) => v.power_state === 'Halted')[0], 'to-template');
    expect(rec('VM', vm).allowed_operations).toContain('make_into_template');
    expect(await call('VM.set_is_a_template', vm, true)).toBe('');
    const r = rec('VM', vm);
    expect(r).toMatchObject({ is_a_template: true, metrics: 'OpaqueRef:NULL', ha_always_run: false });
    const ops = r.allowed_operations as string[];
    expect(ops).not.toContain('start');
    expect(ops).not.toContain('make_into_template');
    for (const op of ['clone', 'copy', 'provision', 'export', 'destroy']) expect(ops).toContain(op);
    expect(await call('VM.set_is_a_template', vm, false)).toBe('');
    expect(rec('VM', vm).is_a_template).toBe(false);
    expect(rec('VM', vm).allowed_operations).toContain('start');
  });
});
