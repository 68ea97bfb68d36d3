// The memory figures the Memory tab reads stay consistent at once, without waiting for the metrics
// timer (SEMANTICS.md §2.8, §4): host_metrics.memory_free after start, a live dynamic-range change
// and shutdown; VM_metrics.memory_actual inside the dynamic range; set_memory_limits only when Halted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;

describe('simulator memory bookkeeping', () => {
  let sim: Simulator;
  let s: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);
  const rec = (cls: string, ref: string) => sim.records(cls).get(ref)!;
  const vms = (pred: (v: Rec) => boolean) => [...sim.records('VM')].filter(([, v]) => !v.is_a_template && !v.is_control_domain && pred(v)).map(([r]) => r);
  const free = (host: string) => Number(rec('host_metrics', String(rec('host', host).metrics)).memory_free);
  const actual = (vm: string) => Number(rec('VM_metrics', String(rec('VM', vm).metrics)).memory_actual);
  /** §2.8 as xapi computes it. */
  const expected = (host: string) => {
    const h = rec('host', host);
    let f = Number(rec('host_metrics', String(h.metrics)).memory_total) - Number(h.memory_overhead);
    for (const v of sim.records('VM').values()) if (v.resident_on === host) f -= Number(v.memory_dynamic_min) + Number(v.memory_overhead);
    return Math.max(0, f);
  };

  beforeAll(async () => {
    // No metrics timer: every figure below is written by the operation itself.
    sim = await startSimulator({ taskDurationMs: 40, metricsIntervalMs: 0 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
  });
  afterAll(async () => { await sim.close(); });

  it('the demo starts with each host\'s memory_free by §2.8', () => {
    for (const h of sim.records('host').keys()) expect(free(h)).toBe(expected(h));
  });

  it('start, a live dynamic-range change and shutdown keep memory_free and memory_actual consistent', async () => {
    const vm = vms((v) => v.power_state === 'Halted')[0];
    // Halted: set_memory_limits, one call for all four (dynamic memory 1..2 GiB of a 1..4 GiB static range).
    await call('VM.set_memory_limits', vm, GiB, 4 * GiB, GiB, 2 * GiB);
    await call('VM.start', vm, false, false);
    const host = String(rec('VM', vm).resident_on);
    expect(free(host)).toBe(expected(host));
    expect(actual(vm)).toBeGreaterThanOrEqual(GiB);
    expect(actual(vm)).toBeLessThanOrEqual(2 * GiB);
    const before = free(host);
    // Running: the dynamic range moves; static max cannot.
    await call('VM.set_memory_dynamic_range', vm, 1.5 * GiB, 1.5 * GiB);
    expect(rec('VM', vm)).toMatchObject({ memory_dynamic_min: 1.5 * GiB, memory_dynamic_max: 1.5 * GiB, memory_target: 1.5 * GiB });
    expect(actual(vm)).toBe(1.5 * GiB);
    expect(free(host)).toBe(expected(host));
    expect(before - free(host)).toBe(0.5 * GiB);
    expect(await fail('VM.set_memory_limits', vm, GiB, 8 * GiB, GiB, 2 * GiB)).toEqual(['VM_BAD_POWER_STATE', vm, 'halted', 'running']);
    expect(await fail('VM.set_memory_dynamic_range', vm, 512 * 1024 ** 2, 2 * GiB)).toEqual(['MEMORY_CONSTRAINT_VIOLATION_ORDER']);
    await call('VM.hard_shutdown', vm);
    expect(free(host)).toBe(expected(host));
    expect(free(host)).toBe(before + GiB + Number(rec('VM', vm).memory_overhead));
  });

  it('an Async memory change holds its op in the VM\'s current_operations until its task ends (xapi\'s with_vm_operation)', async () => {
    const vm = vms((v) => v.power_state === 'Halted')[1];
    const task = await call<string>('Async.VM.set_memory_limits', vm, GiB, 4 * GiB, GiB, 2 * GiB);
    expect(rec('VM', vm).current_operations).toEqual({ [task]: 'changing_memory_limits' });
    for (let i = 0; i < 100 && (await call('task.get_status', task)) === 'pending'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await call('task.get_status', task)).toBe('success');
    expect(rec('VM', vm).current_operations).toEqual({});
    expect(rec('VM', vm)).toMatchObject({ memory_static_max: 4 * GiB, memory_dynamic_max: 2 * GiB });
  });
});
