// AppCore's storage.change against the simulator, checked through XAPI: a disk added to a halted VM
// (VDI + VBD as typed), renamed and grown; a disk added to a running VM is plugged in; a disk
// detached and one deleted (its VDI gone); the DVD drive takes an ISO, changes it (eject first) and
// ejects; a VM without a CD drive gets an empty one; a refused step ends the task with XAPI's error.
// Move: a halted VM's disk by copy and swap (the VBD made again alike), a running VM's attached disk
// by VDI.pool_migrate (the same VBD, still attached); Activate/Deactivate; the SR tab's loose disks.
import { expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc, RpcError } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 2, vms: 6, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const gone = async (method: string, ref: string) => call(method, ref).then(() => false, (e: unknown) => e instanceof RpcError && e.code === 'HANDLE_INVALID');
const records = (cls: string) => [...sim.records(cls).entries()] as Array<[string, Rec]>;
const guest = (power: string) => records('VM').find(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === power)!;
const userSr = () => records('SR').find(([, s]) => s.content_type !== 'iso' && (s.allowed_operations as string[]).includes('vdi_create') && s.shared === true)![0];

async function change(args: Rec): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('storage.change', { connectionId: conn, ...args } as never));
  return taskEnd(events, taskRef);
}
async function vbdsOf(vmRef: string): Promise<Array<[string, Rec]>> {
  const refs = await call('VM.get_VBDs', vmRef) as string[];
  return Promise.all(refs.map(async (r) => [r, await call('VBD.get_record', r) as Rec] as [string, Rec]));
}

it('adds a 1 GiB disk to a halted VM, renames and grows it, detaches it, then deletes another', async () => {
  const [vmRef] = guest('Halted');
  const sr = userSr();
  const before = new Set((await vbdsOf(vmRef)).map(([r]) => r));
  expect(await change({ kind: 'addDisk', vmRef, srRef: sr, name: 'data one', description: 'typed', size: GiB })).toMatchObject({ status: 'success' });
  const [vbdRef, vbd] = (await vbdsOf(vmRef)).find(([r]) => !before.has(r))!;
  expect(vbd).toMatchObject({ type: 'Disk', mode: 'RW', empty: false, currently_attached: false });
  const vdi = await call('VDI.get_record', vbd.VDI) as Rec;
  expect(vdi).toMatchObject({ name_label: 'data one', name_description: 'typed', SR: sr, virtual_size: GiB, type: 'user' });

  expect(await change({ kind: 'editDisk', vbdRef, name: 'data two', size: 2 * GiB, mode: 'RO' })).toMatchObject({ status: 'success' });
  expect(await call('VDI.get_record', vbd.VDI)).toMatchObject({ name_label: 'data two', name_description: 'typed', virtual_size: 2 * GiB });
  expect(await call('VBD.get_mode', vbdRef)).toBe('RO');

  // Device position: a position another drive holds makes the two swap, so no two share a device.
  const mine = String(vbd.userdevice);
  const [otherRef, other] = (await vbdsOf(vmRef)).find(([r]) => r !== vbdRef)!;
  expect(await change({ kind: 'editDisk', vbdRef, position: String(other.userdevice) })).toMatchObject({ status: 'success' });
  expect(await call('VBD.get_userdevice', vbdRef)).toBe(String(other.userdevice));
  expect(await call('VBD.get_userdevice', otherRef)).toBe(mine);

  // Shrinking is the backend's refusal, ending the task with its words.
  const refused = await change({ kind: 'editDisk', vbdRef, size: GiB });
  expect(refused).toMatchObject({ status: 'failure' });
  expect((refused.error_info as string[])[0]).toBe('SR_BACKEND_FAILURE_79');

  expect(await change({ kind: 'detachDisk', vbdRef })).toMatchObject({ status: 'success' });
  expect(await gone('VBD.get_record', vbdRef)).toBe(true);
  expect(await call('VDI.get_name_label', vbd.VDI)).toBe('data two');

  // Attach it again read-only, then delete it: the VBD and the VDI go.
  expect(await change({ kind: 'attachDisk', vmRef, vdiRef: vbd.VDI, readOnly: true })).toMatchObject({ status: 'success' });
  const [again, rec] = (await vbdsOf(vmRef)).find(([, b]) => b.VDI === vbd.VDI)!;
  expect(rec.mode).toBe('RO');
  expect(await change({ kind: 'deleteDisk', vbdRef: again })).toMatchObject({ status: 'success' });
  expect(await gone('VBD.get_record', again)).toBe(true);
  expect(await gone('VDI.get_record', String(vbd.VDI))).toBe(true);
});

it('adds a disk to a running VM plugged in, and unplugs it before detaching', async () => {
  const [vmRef] = records('VM').find(([, v]) => !v.is_control_domain && v.power_state === 'Running' && v.domain_type !== 'hvm')
    ?? guest('Running');
  const before = new Set((await vbdsOf(vmRef)).map(([r]) => r));
  expect(await change({ kind: 'addDisk', vmRef, srRef: userSr(), name: 'hot', description: '', size: GiB })).toMatchObject({ status: 'success' });
  const [vbdRef, vbd] = (await vbdsOf(vmRef)).find(([r]) => !before.has(r))!;
  const pluggable = !(records('VM').find(([r]) => r === vmRef)![1].domain_type === 'hvm');
  if (pluggable) expect(vbd.currently_attached).toBe(true);
  expect(await change({ kind: 'detachDisk', vbdRef })).toMatchObject({ status: 'success' });
  expect(await gone('VBD.get_record', vbdRef)).toBe(true);
});

it('inserts an ISO, changes it, ejects it; adds a DVD drive to a VM without one', async () => {
  const [vmRef] = guest('Halted');
  let cd = (await vbdsOf(vmRef)).find(([, b]) => b.type === 'CD');
  if (!cd) {
    expect(await change({ kind: 'addCd', vmRef })).toMatchObject({ status: 'success' });
    cd = (await vbdsOf(vmRef)).find(([, b]) => b.type === 'CD')!;
    expect(cd[1]).toMatchObject({ empty: true, mode: 'RO', VDI: 'OpaqueRef:NULL' });
  }
  const isoSr = records('SR').find(([, s]) => s.content_type === 'iso')![0];
  const isos = await call('SR.get_VDIs', isoSr) as string[];
  expect(isos.length).toBeGreaterThanOrEqual(2);
  const [cdRef] = cd;
  expect(await change({ kind: 'insertCd', vbdRef: cdRef, vdiRef: isos[0] })).toMatchObject({ status: 'success' });
  expect(await call('VBD.get_record', cdRef)).toMatchObject({ empty: false, VDI: isos[0] });
  expect(await change({ kind: 'insertCd', vbdRef: cdRef, vdiRef: isos[1] })).toMatchObject({ status: 'success' });
  expect(await call('VBD.get_record', cdRef)).toMatchObject({ empty: false, VDI: isos[1] });
  expect(await change({ kind: 'insertCd', vbdRef: cdRef, vdiRef: '' })).toMatchObject({ status: 'success' });
  expect(await call('VBD.get_record', cdRef)).toMatchObject({ empty: true, VDI: 'OpaqueRef:NULL' });

  // A VM without a CD drive: remove its drive first, then add an empty one.
  await call('VBD.destroy', cdRef);
  expect(await change({ kind: 'addCd', vmRef })).toMatchObject({ status: 'success' });
  const added = (await vbdsOf(vmRef)).filter(([, b]) => b.type === 'CD');
  expect(added).toHaveLength(1);
  expect(added[0][1]).toMatchObject({ empty: true, mode: 'RO' });
});

it('refuses a malformed request before any call', async () => {
  const env = await core.request('storage.change', { connectionId: conn, kind: 'addDisk', vmRef: 'x', srRef: 'y', name: 'n', description: '', size: 1 } as never);
  expect(env).toMatchObject({ ok: false });
});

it('a generated pool lists its devices\' allowed_operations from the start (SEMANTICS 8.5, 9.2)', async () => {
  const [vmRef] = guest('Halted');
  const vbds = await vbdsOf(vmRef);
  const [, cd] = vbds.find(([, b]) => b.type === 'CD' && b.empty === true)!;
  expect(cd.allowed_operations).toEqual(['attach', 'insert']);
  const [, disk] = vbds.find(([, b]) => b.type === 'Disk')!;
  expect(disk.allowed_operations).toEqual(['attach']);
  expect(await call('VDI.get_allowed_operations', disk.VDI)).toEqual(expect.arrayContaining(['resize', 'destroy', 'snapshot']));
});

const localSrOf = (host: string) => records('SR').find(([, s]) => s.shared !== true && s.content_type !== 'iso'
  && (s.PBDs as string[]).some((p) => sim.records('PBD').get(p)?.host === host))![0];
const vdiOfVbd = async (vbd: string) => String(await call('VBD.get_VDI', vbd));

it('moves a halted VM\'s disk by copy and swap: a VBD alike (userdevice, bootable, mode) on a new VDI on the SR, the old VDI gone', async () => {
  const [vmRef, vm] = guest('Halted');
  const [vbdRef, vbd] = (await vbdsOf(vmRef)).find(([, b]) => b.type === 'Disk')!;
  // Make the VBD unusual so "alike" is checked: read-only, not bootable.
  await call('VBD.set_mode', vbdRef, 'RO');
  await call('VBD.set_bootable', vbdRef, !vbd.bootable);
  const old = String(vbd.VDI);
  const src = await call('VDI.get_record', old) as Rec;
  const host = String(vm.affinity !== 'OpaqueRef:NULL' ? vm.affinity : records('host')[0][0]);
  const to = [localSrOf(host), userSr()].find((s) => s !== src.SR)!;
  const end = await change({ kind: 'moveDisk', vdiRef: old, srRef: to });
  expect(end).toMatchObject({ status: 'success' });
  expect(String(end.name_label)).toBe(`Moving virtual disk '${String(src.name_label)}' to '${String(sim.records('SR').get(to)!.name_label)}'`);
  expect(await gone('VDI.get_record', old)).toBe(true);
  const moved = (await vbdsOf(vmRef)).find(([, b]) => b.userdevice === vbd.userdevice)!;
  expect(moved[1]).toMatchObject({ type: 'Disk', mode: 'RO', bootable: !vbd.bootable, userdevice: vbd.userdevice });
  expect(await call('VDI.get_record', moved[1].VDI)).toMatchObject({ SR: to, virtual_size: src.virtual_size, name_label: src.name_label });
});

it('moves a running VM\'s attached disk with VDI.pool_migrate: the VBD stays, attached, on a new VDI on the SR', async () => {
  const [vmRef, vm] = guest('Running');
  const [vbdRef, vbd] = (await vbdsOf(vmRef)).find(([, b]) => b.type === 'Disk' && b.currently_attached === true)!;
  const old = String(vbd.VDI);
  const from = String((await call('VDI.get_record', old) as Rec).SR);
  const to = [localSrOf(String(vm.resident_on)), userSr()].find((s) => s !== from)!;
  expect(await change({ kind: 'moveDisk', vdiRef: old, srRef: to })).toMatchObject({ status: 'success' });
  const now = await vdiOfVbd(vbdRef);
  expect(now).not.toBe(old);
  expect(await call('VBD.get_record', vbdRef)).toMatchObject({ currently_attached: true, userdevice: vbd.userdevice, mode: vbd.mode });
  expect(await call('VDI.get_SR', now)).toBe(to);
  expect(await gone('VDI.get_record', old)).toBe(true);
});

it('deactivates and activates a running VM\'s disk; makes, edits and deletes a disk of no VM; rescans an SR', async () => {
  const [vmRef] = records('VM').find(([, v]) => !v.is_control_domain && !v.is_a_template && v.power_state === 'Running' && v.domain_type !== 'hvm') ?? guest('Running');
  const [vbdRef] = (await vbdsOf(vmRef)).find(([, b]) => b.type === 'Disk' && b.currently_attached === true && (b.allowed_operations as string[]).includes('unplug'))!;
  expect(await change({ kind: 'unplugDisk', vbdRef })).toMatchObject({ status: 'success' });
  expect(await call('VBD.get_currently_attached', vbdRef)).toBe(false);
  expect(await change({ kind: 'plugDisk', vbdRef })).toMatchObject({ status: 'success' });
  expect(await call('VBD.get_currently_attached', vbdRef)).toBe(true);

  const sr = userSr();
  const before = new Set(await call('SR.get_VDIs', sr) as string[]);
  expect(await change({ kind: 'createDisk', srRef: sr, name: 'loose disk', description: 'no VM', size: GiB })).toMatchObject({ status: 'success' });
  const vdi = (await call('SR.get_VDIs', sr) as string[]).find((v) => !before.has(v))!;
  expect(await call('VDI.get_record', vdi)).toMatchObject({ name_label: 'loose disk', name_description: 'no VM', virtual_size: GiB, VBDs: [] });
  expect(await change({ kind: 'editVdi', vdiRef: vdi, name: 'renamed', size: 2 * GiB })).toMatchObject({ status: 'success' });
  expect(await call('VDI.get_record', vdi)).toMatchObject({ name_label: 'renamed', name_description: 'no VM', virtual_size: 2 * GiB });
  // A loose disk moves by copy (no VM to migrate it with).
  const other = localSrOf(records('host')[0][0]);
  expect(await change({ kind: 'moveDisk', vdiRef: vdi, srRef: other })).toMatchObject({ status: 'success' });
  expect(await gone('VDI.get_record', vdi)).toBe(true);
  const copy = (await call('SR.get_VDIs', other) as string[]).find((v) => sim.records('VDI').get(v)?.name_label === 'renamed')!;
  expect(await change({ kind: 'destroyDisk', vdiRef: copy })).toMatchObject({ status: 'success' });
  expect(await gone('VDI.get_record', copy)).toBe(true);
  expect(await change({ kind: 'scanSr', srRef: sr })).toMatchObject({ status: 'success' });
});

it('a move the destination has no room for ends the task with the backend\'s error and changes nothing', async () => {
  const [vmRef, vm] = guest('Halted');
  const [vbdRef, vbd] = (await vbdsOf(vmRef)).find(([, b]) => b.type === 'Disk')!;
  const host = String(vm.affinity !== 'OpaqueRef:NULL' ? vm.affinity : records('host')[0][0]);
  const small = await call('SR.create', host, { device: '/dev/sdb' }, GiB, 'Small LVM', '', 'lvm', 'user', false, {}) as string;
  const end = await change({ kind: 'moveDisk', vdiRef: vbd.VDI, srRef: small });
  expect(end).toMatchObject({ status: 'failure' });
  expect((end.error_info as string[])[0]).toBe('SR_BACKEND_FAILURE_44');
  expect(await call('VBD.get_VDI', vbdRef)).toBe(vbd.VDI);
  expect(await call('SR.get_VDIs', small)).toEqual([]);
});
