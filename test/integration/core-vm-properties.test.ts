// AppCore's vmProperties.apply against the simulator, checked through XAPI: a halted VM renamed,
// moved to a folder, tagged, its vCPUs raised past the old maximum (max first), topology and
// priority set, a home server chosen; a running VM's vCPUs raised live; a change the server refuses
// ends the task with its error, and a bad request is refused before any task.
import { expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd } from '../support/core-harness';
import type { BridgeEvent } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 2, vms: 6, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const records = (cls: string) => [...sim.records(cls).entries()] as Array<[string, Rec]>;
const vmIn = (state: string, minMax = 1): [string, Rec] => records('VM').find(([, v]) => !v.is_control_domain && !v.is_a_template && !v.is_a_snapshot && v.power_state === state && Number(v.VCPUs_max) >= minMax)!;

async function apply(vmRef: string, changes: Rec): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('vmProperties.apply', { connectionId: conn, vmRef, changes } as never));
  return taskEnd(events, taskRef);
}

it('applies the General, CPU and Home Server changes of a halted VM', async () => {
  const [vmRef, vm] = vmIn('Halted');
  const host = records('host')[1][0];
  const max = Number(vm.VCPUs_max);
  const name = String(vm.name_label);
  const task = await apply(vmRef, {
    name: 'renamed', description: 'about it', folder: '/web/front', tagsAdd: ['blue'],
    vcpusMax: max + 2, vcpus: max + 2, coresPerSocket: 1, weight: 1024, affinity: host, autoPowerOn: true,
  });
  expect(task).toMatchObject({ status: 'success', name_label: `Changing properties of '${name}'` });
  const rec = await call('VM.get_record', vmRef) as Rec;
  expect(rec).toMatchObject({ name_label: 'renamed', name_description: 'about it', affinity: host });
  expect([Number(rec.VCPUs_max), Number(rec.VCPUs_at_startup)]).toEqual([max + 2, max + 2]);
  expect(rec.tags).toContain('blue');
  expect(rec.other_config).toMatchObject({ folder: '/web/front', auto_poweron: 'true' });
  expect(rec.platform).toMatchObject({ 'cores-per-socket': '1' });
  expect(rec.VCPUs_params).toMatchObject({ weight: '1024' });

  // Lowering both: the startup count goes first, then the maximum; the folder is removed.
  expect(await apply(vmRef, { vcpus: 1, vcpusMax: 1, folder: '', affinity: 'OpaqueRef:NULL' })).toMatchObject({ status: 'success' });
  const after = await call('VM.get_record', vmRef) as Rec;
  expect(after).toMatchObject({ affinity: 'OpaqueRef:NULL' });
  expect([Number(after.VCPUs_max), Number(after.VCPUs_at_startup)]).toEqual([1, 1]);
  expect((after.other_config as Rec).folder).toBeUndefined();
});

it('raises a running VM\'s vCPUs live, and ends with the server\'s error when it refuses', async () => {
  const [vmRef, vm] = vmIn('Running', 2);
  const max = Number(vm.VCPUs_max);
  await call('VM.set_VCPUs_number_live', vmRef, 1);
  expect(await apply(vmRef, { vcpus: max })).toMatchObject({ status: 'success' });
  expect(Number(await call('VM.get_VCPUs_at_startup', vmRef))).toBe(max);
  // The maximum cannot change while it runs: refused in main before any task.
  const env = await core.request('vmProperties.apply', { connectionId: conn, vmRef, changes: { vcpusMax: max + 1 } } as never);
  expect(env).toMatchObject({ ok: false });
  // The shadow multiplier of a running VM changes live.
  expect(await apply(vmRef, { shadowMultiplier: 2.5 })).toMatchObject({ status: 'success' });
  expect(Number(await call('VM.get_HVM_shadow_multiplier', vmRef))).toBe(2.5);
  // A change the server refuses ends the task with its error; the calls before it stay made.
  await call('VM.set_VCPUs_number_live', vmRef, 1);
  await call('VM.add_to_blocked_operations', vmRef, 'changing_VCPUs_live', 'no');
  const refused = await apply(vmRef, { name: 'first', vcpus: Math.max(2, max) });
  expect(refused).toMatchObject({ status: 'failure' });
  expect((refused.error_info as string[])[0]).toBe('OPERATION_BLOCKED');
  expect(await call('VM.get_name_label', vmRef)).toBe('first');
});

it('refuses a malformed request before any task', async () => {
  const [vmRef] = vmIn('Halted');
  for (const changes of [{}, { name: '  ' }, { vcpus: 0 }, { vcpusMax: 4, coresPerSocket: 3 }, { haRestartPriority: 'always' }, { bogus: 1 }]) {
    const env = await core.request('vmProperties.apply', { connectionId: conn, vmRef, changes } as never);
    expect(env, JSON.stringify(changes)).toMatchObject({ ok: false });
  }
});

it('sets the start options: HA restart priority, order, delay and auto power on', async () => {
  const [vmRef] = vmIn('Halted');
  expect(await apply(vmRef, { haRestartPriority: 'best-effort', order: 2, startDelay: 10, autoPowerOn: false, bootOrder: 'dc', PVArgs: 'quiet' })).toMatchObject({ status: 'success' });
  const rec = await call('VM.get_record', vmRef) as Rec;
  expect(rec).toMatchObject({ ha_restart_priority: 'best-effort', PV_args: 'quiet' });
  expect([Number(rec.order), Number(rec.start_delay)]).toEqual([2, 10]);
  expect(rec.other_config).toMatchObject({ auto_poweron: 'false' });
  expect((rec.HVM_boot_params as Rec).order).toBe('dc');
});
