// Method modules declare their handlers and which of them run as tasks (simulator/method-module.ts);
// the dispatcher takes both from the declarations. Observed as a client would: a synchronous
// operation leaves a task named after the call in the event stream, a quick call none.
import { describe, expect, it } from 'vitest';
import { buildDemoPool } from '../../simulator/demo-pool';
import { dispatch, installHandlers, type CallEnv } from '../../simulator/dispatch';
import { mergeModules, operations, quickCalls } from '../../simulator/method-module';
import { Sim, type Handler } from '../../simulator/sim';

const h: Handler = () => '';

describe('method module declarations', () => {
  it('an operations module runs each handler as a task except the quick calls it names', () => {
    const m = operations({ 'VM.start': h, 'VM.get_x': h, 'VM.assert_y': h }, ['VM.get_x', 'VM.assert_y']);
    expect([...m.tasked]).toEqual(['VM.start']);
    expect(Object.keys(m.handlers)).toEqual(['VM.start', 'VM.get_x', 'VM.assert_y']);
    expect([...quickCalls({ 'event.from': h }).tasked]).toEqual([]);
  });

  it('refuses a quick call the module has no handler for, and a wire name two modules claim', () => {
    expect(() => operations({ 'VM.start': h }, ['VM.stat'])).toThrow(/VM\.stat/);
    expect(() => mergeModules([quickCalls({ 'VM.start': h }), operations({ 'VM.start': h }, [])])).toThrow(/two handlers for VM\.start/);
    const merged = mergeModules([quickCalls({ 'a.b': h }), operations({ 'c.d': h, 'c.get_e': h }, ['c.get_e'])]);
    expect(Object.keys(merged.handlers)).toEqual(['a.b', 'c.d', 'c.get_e']);
    expect([...merged.tasked]).toEqual(['c.d']);
  });
});

describe('the dispatcher', () => {
  it('runs a synchronous operation inside a task named after it, and a quick call without one', async () => {
    const sim = new Sim(buildDemoPool({ hosts: 1, vms: 1, memberListeners: false }), { user: 'root', password: 'pw', taskDurationMs: 0 });
    installHandlers(sim);
    const env: CallEnv = { connection: new AbortController().signal, hostAddress: '127.0.0.1' };
    const session = String(await dispatch(sim, 'session.login_with_password', ['root', 'pw'], env));
    const vm = [...sim.db.table('VM')].find(([, r]) => !r.rec.is_control_domain && !r.rec.is_a_template)![0];
    const tasks: string[] = [];
    sim.db.onRowChange((cls, ref, op) => { if (cls === 'task' && op === 'add') tasks.push(String(sim.db.get('task', ref)?.name_label)); });

    await dispatch(sim, 'VM.assert_operation_valid', [session, vm, 'clean_shutdown'], env);
    await dispatch(sim, 'VM.compute_memory_overhead', [session, vm], env);
    await dispatch(sim, 'VM.set_ha_restart_priority', [session, vm, 'best-effort'], env);
    await dispatch(sim, 'VM.get_power_state', [session, vm], env);
    expect(tasks).toEqual([]);
    await dispatch(sim, 'VM.clean_shutdown', [session, vm], env);
    expect(tasks).toEqual(['VM.clean_shutdown']);
  });
});
