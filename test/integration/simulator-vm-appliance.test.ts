// VM_appliance over JSON-RPC as xapi_vm_appliance.ml runs it: groups by VM.order (ascending to start,
// descending to shut down), each VM's start_delay/shutdown_delay waited before the next group,
// allowed_operations following the VMs, and the errors xapi gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const toMs = (t: unknown) => Date.parse(String(t).replace(/^(\d{4})(\d\d)(\d\d)T/, '$1-$2-$3T'));

describe('simulator VM_appliance', () => {
  let sim: Simulator;
  let s: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
  const vm = (ref: string) => sim.records('VM').get(ref)!;
  const halted = () => [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Halted').map(([r]) => r);
  const waitTask = async (task: string): Promise<Rec> => {
    for (;;) {
      const t = await call<Rec>('task.get_record', task);
      if (t.status !== 'pending') return t;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 100 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  it('an empty vApp allows nothing; members make start allowed; the setters refuse negative values', async () => {
    const app = await call<string>('VM_appliance.create', { name_label: 'empty', name_description: 'd' });
    expect(await call('VM_appliance.get_allowed_operations', app)).toEqual([]);
    expect(await fail('VM_appliance.start', app, false)).toEqual(['OPERATION_NOT_ALLOWED', 'Appliance has no VMs.']);
    const [a] = halted();
    await call('VM.set_appliance', a, app);
    expect(await call('VM_appliance.get_VMs', app)).toEqual([a]);
    expect(await call('VM_appliance.get_allowed_operations', app)).toEqual(['start']);
    expect(await fail('VM_appliance.clean_shutdown', app)).toEqual(['OPERATION_NOT_ALLOWED', 'There are no running VMs in this appliance.']);
    expect(await fail('VM_appliance.hard_shutdown', app)).toEqual(['OPERATION_NOT_ALLOWED', 'All VMs in this appliance are halted.']);
    expect(await fail('VM.set_start_delay', a, -1)).toEqual(['INVALID_VALUE', 'start_delay must be non-negative', '-1']);
    expect(await fail('VM.set_order', a, -2)).toEqual(['INVALID_VALUE', 'order must be non-negative', '-2']);
    const template = [...sim.records('VM')].find(([, v]) => v.is_a_template)![0];
    expect(await fail('VM.set_appliance', template, app)).toEqual(['OPERATION_NOT_ALLOWED', 'Control domains, templates and snapshots cannot be assigned to appliances.']);
    // Moving the VM to another vApp leaves the first with nothing to do.
    const other = await call<string>('VM_appliance.create', { name_label: 'other', name_description: '' });
    await call('VM.set_appliance', a, other);
    expect(await call('VM_appliance.get_allowed_operations', app)).toEqual([]);
    await call('VM.set_appliance', a, 'OpaqueRef:NULL');
    await call('VM_appliance.destroy', app);
    await call('VM_appliance.destroy', other);
  });

  it('start runs the order groups ascending, waiting each start_delay; shutdown runs them descending with shutdown_delay', async () => {
    const app = await call<string>('VM_appliance.create', { name_label: 'web stack', name_description: '' });
    const [db, app1, app2, web] = halted();
    const plan: Array<[string, number, number, number]> = [[db, 0, 1, 0], [app1, 1, 1, 1], [app2, 1, 0, 0], [web, 2, 0, 0]]; // vm, order, start_delay, shutdown_delay
    for (const [v, order, sd, hd] of plan) {
      await call('VM.set_appliance', v, app);
      await call('VM.set_order', v, order);
      await call('VM.set_start_delay', v, sd);
      await call('VM.set_shutdown_delay', v, hd);
    }
    const t0 = Date.now();
    const task = await call<string>('Async.VM_appliance.start', app, false);
    await expect.poll(async () => call('VM_appliance.get_current_operations', app)).toEqual({ [task]: 'start' });
    expect(await fail('VM_appliance.hard_shutdown', app)).toEqual(['OTHER_OPERATION_IN_PROGRESS', 'VM_appliance', app, 'start', task]);
    expect((await waitTask(task)).status).toBe('success');
    const elapsed = Date.now() - t0;
    for (const v of [db, app1, app2, web]) expect(vm(v).power_state).toBe('Running');
    const started = (v: string) => toMs(sim.records('VM_metrics').get(String(vm(v).metrics))!.start_time);
    // db (order 0) waits 1 s before the order-1 group; that group's app1 waits 1 s before web (order 2).
    expect(started(app1) - started(db)).toBeGreaterThanOrEqual(1000);
    expect(started(app2) - started(db)).toBeGreaterThanOrEqual(1000);
    expect(started(web) - started(app1)).toBeGreaterThanOrEqual(1000);
    expect(started(web) - started(app2)).toBeGreaterThanOrEqual(1000); // a group goes on when its slowest member is done
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    const startedMsgs = [...sim.records('message').values()].filter((m) => m.name === 'VM_STARTED').map((m) => String(m.obj_uuid));
    const pos = (v: string) => startedMsgs.lastIndexOf(String(vm(v).uuid));
    expect(pos(db)).toBeLessThan(pos(app1));
    expect(pos(app2)).toBeLessThan(pos(web));
    expect(await call('VM_appliance.get_current_operations', app)).toEqual({});
    expect(await call('VM_appliance.get_allowed_operations', app)).toEqual(['clean_shutdown', 'hard_shutdown', 'shutdown']);

    const t1 = Date.now();
    await call('VM_appliance.clean_shutdown', app);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(1000); // app1's shutdown_delay before db goes
    for (const v of [db, app1, app2, web]) expect(vm(v).power_state).toBe('Halted');
    const shutMsgs = [...sim.records('message').values()].filter((m) => m.name === 'VM_SHUTDOWN').map((m) => String(m.obj_uuid));
    const spos = (v: string) => shutMsgs.lastIndexOf(String(vm(v).uuid));
    expect(spos(web)).toBeLessThan(spos(app1));
    expect(spos(app1)).toBeLessThan(spos(db));
    expect(await call('VM_appliance.get_allowed_operations', app)).toEqual(['start']);
  }, 20_000);

  it('a VM that cannot start does not stop the others: OPERATION_PARTIALLY_FAILED names it', async () => {
    const app = await call<string>('VM_appliance.create', { name_label: 'partial', name_description: '' });
    const [good, bad] = halted();
    expect(bad).toBeDefined();
    for (const v of [good, bad]) await call('VM.set_appliance', v, app);
    await call('VM.add_to_blocked_operations', bad, 'start', 'blocked for the test');
    expect(await fail('VM_appliance.start', app, false)).toEqual(['OPERATION_PARTIALLY_FAILED', 'VM_appliance.start', bad]);
    expect(vm(good).power_state).toBe('Running');
    expect(vm(bad).power_state).toBe('Halted');
    await call('VM.remove_from_blocked_operations', bad, 'start');
    // Paused start: every VM not Paused is a target, as in xapi: the halted one comes up paused, the
    // running one cannot start and is named.
    expect(await fail('VM_appliance.start', app, true)).toEqual(['OPERATION_PARTIALLY_FAILED', 'VM_appliance.start', good]);
    expect(vm(bad).power_state).toBe('Paused');
    expect(vm(good).power_state).toBe('Running');
    await call('VM_appliance.hard_shutdown', app);
    expect([vm(good).power_state, vm(bad).power_state]).toEqual(['Halted', 'Halted']);
  }, 20_000);
});
