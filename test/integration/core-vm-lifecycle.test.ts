// AppCore's vm.snapshot / vm.copy / vm.delete against the simulator, checked through XAPI from
// outside: the description set after the task, the disks deleted (and the ones kept) after
// VM.destroy, the task made for a delete and how it ends (first error's code and params).
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc, RpcError } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd, until } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 2, vms: 6, taskDurationMs: 50, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const exists = async (method: string, ref: string) => call(method, ref).then(() => true, (e: unknown) => {
  if (e instanceof RpcError && e.code === 'HANDLE_INVALID') return false;
  throw e;
});

function vmIn(state: string): [string, Rec] {
  for (const [ref, v] of sim.records('VM').entries() as Iterable<[string, Rec]>) {
    if (!v.is_a_template && !v.is_a_snapshot && !v.is_control_domain && v.power_state === state) return [ref, v];
  }
  throw new Error(`no ${state} VM`);
}
const diskVdis = (vm: Rec) => (vm.VBDs as string[]).map((b) => sim.records('VBD').get(b) as Rec).filter((b) => b.type === 'Disk').map((b) => String(b.VDI));


describe('vm.snapshot and vm.copy', () => {
  it('takes a snapshot and gives it the description once the task succeeded', async () => {
    const [vmRef] = vmIn('Halted');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.snapshot', { connectionId: conn, vmRef, name: 'before', description: 'why', mode: 'snapshot' }));
    const snaps = await until(async () => { const s = await call('VM.get_snapshots', vmRef) as string[]; return s.length ? s : undefined; }, 'the snapshot');
    const snap = await until(async () => { const r = await call('VM.get_record', snaps[0]) as Rec; return r.name_description === 'why' ? r : undefined; }, 'the description');
    expect(snap).toMatchObject({ name_label: 'before', is_a_snapshot: true, snapshot_of: vmRef });
    expect(await call('task.get_status', taskRef)).toBe('success');
  });

  it('a full copy puts every disk on the chosen SR; a refused copy ends its task with the XAPI error', async () => {
    const [vmRef, vm] = vmIn('Halted');
    const srRef = [...sim.records('SR').entries()].find(([, s]) => (s as Rec).shared === true && (s as Rec).content_type === 'user')![0];
    ok(await core.request('vm.copy', { connectionId: conn, vmRef, name: 'copied', description: 'a copy', srRef }));
    const copy = await until(async () => {
      const refs = await call('VM.get_by_name_label', 'copied') as string[];
      const r = refs[0] ? await call('VM.get_record', refs[0]) as Rec : undefined;
      return r?.name_description === 'a copy' ? r : undefined;
    }, 'the copy');
    const vdis = await Promise.all((copy.VBDs as string[]).map((b) => call('VBD.get_record', b) as Promise<Rec>));
    const disks = vdis.filter((b) => b.type === 'Disk');
    expect(disks.length).toBe(diskVdis(vm).length);
    for (const d of disks) expect(await call('VDI.get_SR', d.VDI)).toBe(srRef);

    // The server refuses in the task (Async): the request succeeds, the task ends with the error.
    const [running] = vmIn('Running');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.copy', { connectionId: conn, vmRef: running, name: 'x', description: '' }));
    const end = await taskEnd(events, taskRef);
    expect([end.status, (end.error_info as string[])[0]]).toEqual(['failure', 'VM_BAD_POWER_STATE']);
  });
});

describe('vm.delete', () => {
  it('destroys the VM, then the ticked disks; unticked disks stay; the task succeeds', async () => {
    const [vmRef, vm] = vmIn('Halted');
    // A second disk so that one can be kept.
    const owned = diskVdis(vm);
    const vbdCount = (vm.VBDs as string[]).length;
    const sr = sim.records('VDI').get(owned[0]) as Rec;
    const extra = await call('VDI.create', { name_label: 'keep me', name_description: '', SR: sr.SR, virtual_size: 1024 ** 3, type: 'user', sharable: false, read_only: false, other_config: {} }) as string;
    await call('VBD.create', { VM: vmRef, VDI: extra, userdevice: '5', bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {} });
    await until(() => ((core.connection(conn)!.cache.get('vm', vmRef)?.VBDs as string[] | undefined)?.length ?? 0) > vbdCount, 'the new VBD in the cache');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.delete', { connectionId: conn, vmRef, vdiRefs: owned, snapshotRefs: [] }));
    const end = await taskEnd(events, taskRef);
    expect(end.status).toBe('success');
    expect(await exists('VM.get_record', vmRef)).toBe(false);
    for (const v of owned) expect(await exists('VDI.get_record', v)).toBe(false);
    expect(await exists('VDI.get_record', extra)).toBe(true);
  });

  it('deletes chosen snapshots with their disks first', async () => {
    const [vmRef] = vmIn('Halted');
    ok(await core.request('vm.snapshot', { connectionId: conn, vmRef, name: 'snap', description: '', mode: 'snapshot' }));
    const snap = await until(() => [...core.connection(conn)!.cache.getAll('vm').entries()].find(([, v]) => v.snapshot_of === vmRef && v.name_label === 'snap'), 'the snapshot in the cache');
    const snapVdis = diskVdis(sim.records('VM').get(snap[0]) as Rec);
    expect(snapVdis.length).toBeGreaterThan(0);
    await until(() => snapVdis.every((v) => core.connection(conn)!.cache.get('vdi', v)), 'its disks in the cache');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.delete', { connectionId: conn, vmRef, vdiRefs: [], snapshotRefs: [snap[0]] }));
    expect((await taskEnd(events, taskRef)).status).toBe('success');
    expect(await exists('VM.get_record', snap[0])).toBe(false);
    for (const v of snapVdis) expect(await exists('VDI.get_record', v)).toBe(false);
  });

  it('refuses disks that are not the VM\'s own, and ends the task with the server\'s error when VM.destroy is refused', async () => {
    const [vmRef] = vmIn('Halted');
    const [running, rvm] = vmIn('Running');
    const foreign = diskVdis(rvm)[0];
    const env = await core.request('vm.delete', { connectionId: conn, vmRef, vdiRefs: [foreign], snapshotRefs: [] });
    expect(env.ok ? '' : env.error.code).toBe('VDI_NOT_OF_VM');

    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.delete', { connectionId: conn, vmRef: running, vdiRefs: [foreign], snapshotRefs: [] }));
    const end = await taskEnd(events, taskRef);
    expect(end.status).toBe('failure');
    expect((end.error_info as string[])[0]).toBe('VM_BAD_POWER_STATE');
    // The VM stays, and so does its disk.
    expect(await exists('VM.get_record', running)).toBe(true);
    expect(await exists('VDI.get_record', foreign)).toBe(true);
  });
});

describe('vm.convertToTemplate', () => {
  it('makes a halted VM a template on a task titled with its name', async () => {
    const [vmRef, vm] = vmIn('Halted');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.convertToTemplate', { connectionId: conn, vmRef }));
    const end = await taskEnd(events, taskRef);
    expect([end.status, end.name_label]).toEqual(['success', `Converting '${String(vm.name_label)}' to a template`]);
    expect(await call('VM.get_is_a_template', vmRef)).toBe(true);
  });

  it('a running VM: the task fails with the server\'s error and code; the VM stays a VM', async () => {
    const [vmRef] = vmIn('Running');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.convertToTemplate', { connectionId: conn, vmRef }));
    const end = await taskEnd(events, taskRef);
    expect(end.status).toBe('failure');
    expect(end.error_info).toEqual(['VM_BAD_POWER_STATE', vmRef, 'halted', 'running']);
    expect(await call('VM.get_is_a_template', vmRef)).toBe(false);
  });
});

describe('the delete task\'s title names what goes', () => {
  it('"Deleting template \'<name>\'" for a template', async () => {
    const [vmRef, vm] = vmIn('Halted');
    await call('VM.set_is_a_template', vmRef, true);
    await until(() => core.connection(conn)!.cache.get('vm', vmRef)?.is_a_template === true, 'the template in the cache');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.delete', { connectionId: conn, vmRef, vdiRefs: [], snapshotRefs: [] }));
    const end = await taskEnd(events, taskRef);
    expect([end.status, end.name_label]).toEqual(['success', `Deleting template '${String(vm.name_label)}'`]);
  });
});
