// AppCore's vapps.create / vapps.update against the simulator, checked through XAPI: one task creates the
// vApp and places its VMs; an update sends only what differs; a call that fails halfway (the simulator's
// faults) leaves the pool as it was (the new vApp gone, each VM's vApp, order and delays restored), and
// the request and the task end with that call's XAPI code.
import { expect, it } from 'vitest';
import type { Simulator } from '../../simulator/index';
import type { AppCore } from '../../electron/core/app-core';
import { rpc } from '../support/xapi-rpc';
import { eachCoreOnSimulator, ok, taskEnd, until } from '../support/core-harness';
import type { BridgeEvent, CacheDelta } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let conn: string;
let session: string;
let events: BridgeEvent[];

eachCoreOnSimulator({ port: 0, hosts: 1, vms: 4, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);
const NULL = 'OpaqueRef:NULL';

async function guests(): Promise<string[]> {
  const vms = await call('VM.get_all_records') as Record<string, Rec>;
  return Object.entries(vms).filter(([, v]) => !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot).map(([r]) => r).sort();
}
const place = async (vm: string) => {
  const r = await call('VM.get_record', vm) as Rec;
  return { appliance: r.appliance, order: r.order, start_delay: r.start_delay, shutdown_delay: r.shutdown_delay };
};
/** The record of the failed task named `name`, as the Events panel gets it. */
const waitForFailedTask = (name: string) => until(() => {
  for (const e of events) {
    if (e.channel !== 'cache.delta') continue;
    for (const ch of (e.payload as CacheDelta).changes) if (ch.cls === 'task' && ch.record?.name_label === name && ch.record.status === 'failure') return ch.record;
  }
  return undefined;
}, `the failed task ${name}`);
const member = (vmRef: string, order: number, startDelay: number, shutdownDelay: number) => ({ vmRef, order, startDelay, shutdownDelay });
const request = (channel: 'vapps.create' | 'vapps.update', args: Rec) => core.request(channel, { connectionId: conn, ...args } as never) as Promise<{ ok: boolean; value?: Rec; error?: { code: string; message: string; params?: string[] } }>;

it('creates the vApp with its VMs, orders and delays on one task; an update sends only the difference', async () => {
  const [a, b, c] = await guests();
  const r = ok<{ vappRef: string; taskRef: string }>(await request('vapps.create', { name: 'web', description: 'front', members: [member(a, 0, 30, 10), member(b, 1, 0, 0)] }) as never);
  expect(await taskEnd(events, r.taskRef)).toMatchObject({ status: 'success', name_label: "Creating vApp 'web'" });
  expect(await call('VM_appliance.get_record', r.vappRef)).toMatchObject({ name_label: 'web', name_description: 'front', VMs: expect.arrayContaining([a, b]) });
  expect(await place(a)).toEqual({ appliance: r.vappRef, order: 0, start_delay: 30, shutdown_delay: 10 });
  expect(await place(b)).toMatchObject({ appliance: r.vappRef, order: 1 });

  // b leaves, c joins, a's order changes, the name changes.
  const u = ok<{ taskRef: string }>(await request('vapps.update', { vappRef: r.vappRef, name: 'web2', description: 'front', members: [member(a, 2, 30, 10), member(c, 0, 5, 0)] }) as never);
  expect(await taskEnd(events, u.taskRef)).toMatchObject({ status: 'success' });
  expect(await call('VM_appliance.get_record', r.vappRef)).toMatchObject({ name_label: 'web2', VMs: expect.arrayContaining([a, c]) });
  expect((await call('VM_appliance.get_VMs', r.vappRef) as string[]).length).toBe(2);
  expect(await place(a)).toMatchObject({ order: 2, start_delay: 30 });
  expect(await place(b)).toMatchObject({ appliance: NULL });
  expect(await place(c)).toEqual({ appliance: r.vappRef, order: 0, start_delay: 5, shutdown_delay: 0 });
});

it('a create that fails halfway is undone: no new vApp, the VMs back in their old vApp with their old order and delays', async () => {
  const [a, b] = await guests();
  const old = String(await call('VM_appliance.create', { name_label: 'old', name_description: '' }));
  await call('VM.set_appliance', a, old);
  await call('VM.set_order', a, 3);
  await call('VM.set_start_delay', a, 7);
  const before = { a: await place(a), b: await place(b) };
  const appliancesBefore = await call('VM_appliance.get_all') as string[];
  // a's appliance, order and start delay are set, then its shutdown delay is refused.
  sim.faults.failMethod('VM.set_shutdown_delay', { code: 'PERMISSION_DENIED', params: ['injected'] });
  const res = await request('vapps.create', { name: 'half', description: '', members: [member(a, 0, 1, 2), member(b, 1, 1, 2)] });
  expect(res.ok).toBe(false);
  expect(res.error).toMatchObject({ code: 'PERMISSION_DENIED' });
  expect(await call('VM_appliance.get_all')).toEqual(appliancesBefore);
  expect(await place(a)).toEqual(before.a);
  expect(await place(b)).toEqual(before.b);
  expect(await call('VM_appliance.get_VMs', old)).toEqual([a]);
  // The Events panel's row: the task failed with the refusal's code.
  const failed = await waitForFailedTask("Creating vApp 'half'");
  expect((failed.error_info as string[])[0]).toBe('PERMISSION_DENIED');
});

it('an update that fails halfway puts back the name, the VMs that left and the ones that joined', async () => {
  const [a, b, c] = await guests();
  const r = ok<{ vappRef: string; taskRef: string }>(await request('vapps.create', { name: 'db', description: 'd', members: [member(a, 0, 0, 0), member(b, 1, 4, 4)] }) as never);
  await taskEnd(events, r.taskRef);
  const before = { a: await place(a), b: await place(b), c: await place(c) };
  // Rename, b leaves, a's order, then c's start delay is refused after c has joined.
  sim.faults.failMethod('VM.set_start_delay', { code: 'OPERATION_NOT_ALLOWED', params: ['injected'] });
  const res = await request('vapps.update', { vappRef: r.vappRef, name: 'db2', description: 'd', members: [member(a, 5, 0, 0), member(c, 0, 9, 0)] });
  expect(res.error).toMatchObject({ code: 'OPERATION_NOT_ALLOWED' });
  expect(await call('VM_appliance.get_name_label', r.vappRef)).toBe('db');
  expect(await place(a)).toEqual(before.a);
  expect(await place(b)).toEqual(before.b);
  expect(await place(c)).toEqual(before.c);
});

it('refuses a malformed request before sending anything', async () => {
  const [a] = await guests();
  const all = await call('VM_appliance.get_all');
  const bad = async (args: Rec) => (await request('vapps.create', { name: 'x', description: '', members: [], ...args })).error?.code;
  expect(await bad({ name: '  ' })).toBe('IPC_INVALID_REQUEST');
  expect(await bad({ members: [member(a, -1, 0, 0)] })).toBe('IPC_INVALID_REQUEST');
  expect(await bad({ members: [member(a, 0, 0.5, 0)] })).toBe('IPC_INVALID_REQUEST');
  expect(await bad({ members: [member(a, 0, 0, 0), member(a, 1, 0, 0)] })).toBe('IPC_INVALID_REQUEST');
  expect(await bad({ members: [{ vmRef: 'nope', order: 0, startDelay: 0, shutdownDelay: 0 }] })).toBe('IPC_INVALID_REQUEST');
  expect(await bad({ session: 'x' })).toBe('IPC_INVALID_REQUEST');
  expect((await request('vapps.update', { name: 'x', description: '', members: [] })).error?.code).toBe('IPC_INVALID_REQUEST');
  expect(await call('VM_appliance.get_all')).toEqual(all);
});
