// AppCore's host.maintenance flows against the simulator (3 hosts, 6 VMs: one host evacuable, one
// with a VM on its local disk): enter maintenance mode moves every VM away and marks the host, a
// local-disk VM stops it cleanly before anything moved, exit re-enables, and reboot disables,
// stops the VMs the user agreed to, evacuates the rest, and the host comes back. Checked through XAPI.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import type { BridgeEvent } from '../../shared/ipc/contract';
import { login, rpc } from '../support/xapi-rpc';
import { addServer, closeCoreAndSimulator, ok, recordEvents, taskEnd, until } from '../support/core-harness';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let events: BridgeEvent[];
let conn: string;
let session: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 300, metricsIntervalMs: 0 });
  core = new AppCore({ flushIntervalMs: 10, eventTimeoutS: 5, backoffBaseMs: 50, backoffMaxMs: 200 });
  events = recordEvents(core);
  conn = await addServer(core, sim.url);
  await until(() => core.connection(conn)?.status === 'connected' && core.connection(conn)!.cache.getAll('host').size === 3, 'connected', 15_000);
  session = await login(sim.url);
});
afterEach(() => closeCoreAndSimulator(core, sim));

const hosts = () => [...sim.records('host').entries()] as [string, Rec][];
const vm = (ref: string) => sim.records('VM').get(ref) as Rec;
const guestsOn = (host: string) => [...sim.records('VM').entries()]
  .filter(([, v]) => (v as Rec).resident_on === host && !(v as Rec).is_control_domain).map(([r]) => r);
const blockers = async (host: string) => rpc(sim.url, 'host.get_vms_which_prevent_evacuation', session, host) as Promise<Record<string, string[]>>;
const live = (host: string) => (sim.records('host_metrics').get(String((sim.records('host').get(host) as Rec).metrics)) as Rec).live;

/** A host with resident guests: none blocking evacuation (evacuable) or one blocked by its local disk. */
async function pickHost(kind: 'evacuable' | 'local-disk'): Promise<string> {
  for (const [ref] of hosts()) {
    if (guestsOn(ref).length === 0) continue;
    const b = Object.values(await blockers(ref));
    if (kind === 'evacuable' ? b.length === 0 : b.length > 0 && b.every((e) => e[0] === 'VM_REQUIRES_SR')) return ref;
  }
  throw new Error(`no ${kind} host in the demo pool`);
}

let lastTask = '';
async function run(hostRef: string, action: 'enter' | 'exit' | 'reboot' | 'shutdown', shutDownVms?: string[]): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('host.maintenance', { connectionId: conn, hostRef, action, ...(shutDownVms ? { shutDownVms } : {}) }));
  expect(taskRef).toMatch(/^OpaqueRef:/);
  lastTask = taskRef;
  return taskEnd(events, taskRef);
}

/** The control domain's start time: a reboot gives it a new one. */
const dom0Start = (host: string) => {
  const dom0 = vm(String((sim.records('host').get(host) as Rec).control_domain));
  return (sim.records('VM_metrics').get(String(dom0.metrics)) as Rec).start_time;
};

describe('host.maintenance enter / exit', () => {
  it('enter: disables and marks the host and moves every VM to other hosts, where they keep running', async () => {
    const host = await pickHost('evacuable');
    const moving = guestsOn(host);
    const task = await run(host, 'enter');
    expect(task.status).toBe('success');
    expect(task.name_label).toBe(`Entering maintenance mode '${String((sim.records('host').get(host) as Rec).name_label)}'`);
    expect(await rpc(sim.url, 'host.get_enabled', session, host)).toBe(false);
    expect((await rpc(sim.url, 'host.get_other_config', session, host) as Rec).MAINTENANCE_MODE).toBe('true');
    expect(guestsOn(host)).toEqual([]);
    for (const v of moving) {
      expect(vm(v).power_state).toBe('Running');
      expect(vm(v).resident_on).not.toBe(host);
    }
    // The task is gone from the server once it ended (destroyed, as XenCenter does).
    await until(async () => !(await rpc(sim.url, 'task.get_all', session) as string[]).includes(lastTask), 'task destroyed', 15_000);
  });

  it('enter fails cleanly with a local-disk VM: the error on the task, host disabled, nothing moved', async () => {
    const host = await pickHost('local-disk');
    const before = guestsOn(host).sort();
    const blocked = Object.keys(await blockers(host));
    const task = await run(host, 'enter');
    expect(task.status).toBe('failure');
    expect((task.error_info as string[])[0]).toBe('VM_REQUIRES_SR');
    expect(blocked).toContain((task.error_info as string[])[1]);
    expect(await rpc(sim.url, 'host.get_enabled', session, host)).toBe(false);
    expect(guestsOn(host).sort()).toEqual(before);
  });

  it('exit re-enables the host and clears the mark', async () => {
    const host = await pickHost('evacuable');
    const moved = guestsOn(host);
    expect((await run(host, 'enter')).status).toBe('success');
    await expect(rpc(sim.url, 'VM.pool_migrate', session, moved[0], host, { live: 'true' })).rejects.toThrow(/HOST_DISABLED/);
    const task = await run(host, 'exit');
    expect(task.status).toBe('success');
    expect(await rpc(sim.url, 'host.get_enabled', session, host)).toBe(true);
    expect(await rpc(sim.url, 'host.get_other_config', session, host)).not.toHaveProperty('MAINTENANCE_MODE');
    // The host takes VMs again: one that left migrates back to it.
    await rpc(sim.url, 'VM.pool_migrate', session, moved[0], host, { live: 'true' });
    expect(vm(moved[0]).resident_on).toBe(host);
  });
});

describe('host.maintenance reboot', () => {
  it('stops the agreed local-disk VM, evacuates the rest, reboots, and the host comes back enabled', async () => {
    const host = await pickHost('local-disk');
    const local = Object.keys(await blockers(host));
    const movable = guestsOn(host).filter((v) => !local.includes(v));
    expect(movable.length).toBeGreaterThan(0);
    const started = dom0Start(host);
    const task = await run(host, 'reboot', local);
    expect(task.status).toBe('success');
    for (const v of local) expect(vm(v).power_state).toBe('Halted');
    for (const v of movable) {
      expect(vm(v).power_state).toBe('Running');
      expect(vm(v).resident_on).not.toBe(host);
    }
    expect(guestsOn(host)).toEqual([]);
    // Down, then back after the simulator's taskDurationMs: live and enabled again.
    await until(() => live(host) === true && (sim.records('host').get(host) as Rec).enabled === true && dom0Start(host) !== started, 'the host back up', 15_000);
  });

  it('without agreeing to stop the local-disk VM it stops at evacuate: disabled, not rebooted, VM still running', async () => {
    const host = await pickHost('local-disk');
    const local = Object.keys(await blockers(host));
    const started = dom0Start(host);
    const task = await run(host, 'reboot');
    expect(task.status).toBe('failure');
    expect((task.error_info as string[])[0]).toBe('VM_REQUIRES_SR');
    expect(live(host)).toBe(true);
    expect(await rpc(sim.url, 'host.get_enabled', session, host)).toBe(false);
    for (const v of local) expect(vm(v).power_state).toBe('Running');
    await new Promise((r) => setTimeout(r, 500));
    expect(dom0Start(host)).toBe(started);
  });

  it('refuses a bad request before anything runs', async () => {
    const res = await core.request('host.maintenance', { connectionId: conn, hostRef: 'OpaqueRef:nope', action: 'explode' } as never);
    expect(res.ok).toBe(false);
    const host = await pickHost('evacuable');
    const res2 = await core.request('host.maintenance', { connectionId: conn, hostRef: host, action: 'reboot', shutDownVms: ['not-a-ref'] });
    expect(res2.ok).toBe(false);
    expect(await rpc(sim.url, 'host.get_enabled', session, host)).toBe(true);
  });
});
