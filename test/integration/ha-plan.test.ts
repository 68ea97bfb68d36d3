// HA failover planning, observed only through XAPI calls (SEMANTICS.md 2.1, 4, 5.2, 6.5, 10.4; xapi's
// xapi_ha_vm_failover.ml): how many host failures the protected VMs survive, hypothetical protection
// sets, per-VM failover plans, the pool's ha_plan_exists_for / ha_overcommitted and their messages,
// and HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN for changes that would lose the plan.
//
// The pool: 3 hosts of 256 GiB (1 GiB host overhead, dom0 4 GiB) with every demo guest shut down, so
// each host has about 251 GiB for guests. Protected A, B, C (100 GiB each, one per host) leave about
// 150 GiB free on each: one host's protected VM fits on another, two hosts' do not fit on the third.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
const GiB = 1024 ** 3;
const BREAKS = ['HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN'];

let sim: Simulator | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

async function fixture() {
  const s = await startSimulator({ port: 0, hosts: 3, vms: 20, taskDurationMs: 20, metricsIntervalMs: 0 });
  sim = s;
  const session = ok<string>(await rpcReply(s.url, 'session.login_with_password', ['root', 'xenroot']));
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpcReply(s.url, m, [session, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpcReply(s.url, m, [session, ...p]).then(errArray);
  const all = (cls: string) => call<Record<string, Rec>>(`${cls}.get_all_records`);
  const pool = (await call<string[]>('pool.get_all'))[0];
  const poolRec = () => call<Rec>('pool.get_record', pool);
  const messages = async (name: string) => Object.values(await all('message')).filter((m) => m.name === name);
  const hosts = Object.entries(await all('host')).sort(([, a], [, b]) => String(a.address).localeCompare(String(b.address))).map(([h]) => h);

  const [vms, vbds, vdis, srs] = await Promise.all([all('VM'), all('VBD'), all('VDI'), all('SR')]);
  const guests = Object.entries(vms).filter(([, v]) => !v.is_a_template && !v.is_control_domain);
  for (const [vm, v] of guests) if (v.power_state !== 'Halted') await call('VM.hard_shutdown', vm);
  const onShared = (v: Rec) => (v.VBDs as string[]).map((b) => vbds[b]).filter((b) => !b.empty)
    .every((b) => srs[String(vdis[String(b.VDI)].SR)].shared === true);
  const agile = guests.filter(([, v]) => onShared(v)).map(([vm]) => vm);
  const [local, local2] = guests.filter(([, v]) => !onShared(v)).map(([vm]) => vm);
  const [A, B, C, X1, X2, Y, U, Z] = agile;
  for (const [vm, size] of [[A, 100], [B, 100], [C, 100], [X1, 80], [X2, 80], [Y, 200], [local, 200], [U, 60], [Z, 60]] as const) await call('VM.set_memory', vm, size * GiB);
  for (const vm of [A, B, C]) await call('VM.set_ha_restart_priority', vm, 'restart');
  for (const [i, vm] of [A, B, C].entries()) await call('VM.start_on', vm, hosts[i], false, false);
  const enableHa = () => call('pool.enable_ha', [], { timeout: '60' });
  return { s, call, fail, pool, poolRec, messages, hosts, A, B, C, X1, X2, Y, U, Z, local, local2, enableHa };
}

describe('HA failover planning', () => {
  it('computes how many failures the protected VMs survive: now, hypothetically, and for given failures', async () => {
    const x = await fixture();
    const [h1, h2, h3] = x.hosts;
    expect(await x.call('pool.ha_compute_max_host_failures_to_tolerate')).toBe(1);
    expect(await x.call('pool.ha_failover_plan_exists', 0)).toBe(true);
    expect(await x.call('pool.ha_failover_plan_exists', 1)).toBe(true);
    expect(await x.call('pool.ha_failover_plan_exists', 2)).toBe(false);
    expect(await x.call('pool.ha_failover_plan_exists', 4)).toBe(false); // more failures than hosts

    // Only A protected: B and C keep their memory but need not move; A survives any two failures.
    const hyp = (conf: Rec) => x.call<number>('pool.ha_compute_hypothetical_max_host_failures_to_tolerate', conf);
    expect(await hyp({ [x.A]: 'restart', [x.B]: '', [x.C]: 'best-effort' })).toBe(2);
    expect(await hyp({ [x.A]: 'restart', [x.B]: 'restart', [x.C]: 'restart' })).toBe(1);
    // Two halted 80 GiB VMs protected too: once started, the host holding one of them and a 100 GiB VM
    // cannot be evacuated onto the two others (about 150 and 70 GiB left).
    expect(await hyp({ [x.A]: 'restart', [x.B]: 'restart', [x.C]: 'restart', [x.X1]: 'restart', [x.X2]: 'restart' })).toBe(0);
    expect(await hyp({ [x.A]: 'restart', [x.B]: 'restart', [x.C]: 'restart', [x.X1]: 'restart', [x.X2]: 'best-effort' })).toBe(1);
    // Planning counts a VM at static_max: Z may balloon down to 10 GiB, but at 200 GiB it fits nowhere.
    await x.call('VM.set_memory_limits', x.Z, 1 * GiB, 200 * GiB, 10 * GiB, 200 * GiB);
    expect(await hyp({ [x.Z]: 'restart' })).toBe(0);
    expect(await hyp({})).toBe(3); // nothing to restart: even all three hosts may fail
    // A protected VM on local storage (4 GiB) can run on one host only: no full plan at all.
    expect(await hyp({ [x.A]: 'restart', [x.local2]: 'restart' })).toBe(0);
    expect(await x.fail('pool.ha_compute_hypothetical_max_host_failures_to_tolerate', { [x.A]: 'sometimes' })).toEqual(['INVALID_VALUE', 'ha_restart_priority', 'sometimes']);
    expect(await x.fail('pool.ha_compute_hypothetical_max_host_failures_to_tolerate', { 'OpaqueRef:nope': 'restart' })).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
    // Nothing of that changed the pool or the VMs.
    expect(await x.call('VM.get_ha_restart_priority', x.X1)).toBe('');
    expect(await x.call('pool.ha_compute_max_host_failures_to_tolerate')).toBe(1);

    // h1 fails: A fits on h2 or h3; the 200 GiB VMs fit nowhere (the local-disk one is not agile either).
    const plan = await x.call<Record<string, Record<string, string>>>('pool.ha_compute_vm_failover_plan', [h1], [x.A, x.Y, x.local]);
    expect(Object.keys(plan).sort()).toEqual([x.A, x.Y, x.local].sort());
    expect([h2, h3]).toContain(plan[x.A].host);
    expect(plan[x.Y]).toEqual({ error_code: 'HOST_NOT_ENOUGH_FREE_MEMORY' });
    expect(plan[x.local].error_code).toBe('HA_CONSTRAINT_VIOLATION_SR_NOT_SHARED');
    // A restart after a failure needs only dynamic_min, as VM.start: Z fits.
    expect([h2, h3]).toContain((await x.call<Record<string, Record<string, string>>>('pool.ha_compute_vm_failover_plan', [h1], [x.Z]))[x.Z].host);
    // h1 and h2 fail: only one of A and B fits on h3.
    const two = await x.call<Record<string, Record<string, string>>>('pool.ha_compute_vm_failover_plan', [h1, h2], [x.A, x.B]);
    expect(Object.values(two).filter((p) => p.host === h3)).toHaveLength(1);
    expect(Object.values(two).filter((p) => p.error_code === 'HOST_NOT_ENOUGH_FREE_MEMORY')).toHaveLength(1);
    expect(await x.fail('VM.assert_agile', x.local)).toEqual(['HA_CONSTRAINT_VIOLATION_SR_NOT_SHARED', expect.stringMatching(/^OpaqueRef:/)]);
    expect(await x.call('VM.assert_agile', x.A)).toBe('');

    // Suspended, A is not protected (HA need not restart it): B and C survive two failures. Resumed, it is
    // protected again (resume sets ha_always_run, as start does).
    await x.call('VM.suspend', x.A);
    expect(await x.call('VM.get_ha_always_run', x.A)).toBe(false);
    expect(await x.call('pool.ha_compute_max_host_failures_to_tolerate')).toBe(2);
    await x.call('VM.resume', x.A, false, false);
    expect(await x.call('VM.get_ha_always_run', x.A)).toBe(true);
    expect(await x.call('pool.ha_compute_max_host_failures_to_tolerate')).toBe(1);
  });

  it('while HA is on, refuses changes that would break the plan and keeps ha_plan_exists_for / ha_overcommitted up to date', async () => {
    const x = await fixture();
    const [h1, h2, h3] = x.hosts;
    // An unprotected 60 GiB VM on h3 leaves it about 90 GiB; X1 and X2 are halted 100 GiB VMs.
    await x.call('VM.start_on', x.U, h3, false, false);
    for (const vm of [x.X1, x.X2]) await x.call('VM.set_memory', vm, 100 * GiB);
    await x.call('VM.set_ha_restart_priority', x.X1, 'restart'); // HA off: nothing is checked
    await x.call('pool.set_ha_host_failures_to_tolerate', x.pool, 1);
    await x.enableHa();
    expect(await x.poolRec()).toMatchObject({ ha_enabled: true, ha_host_failures_to_tolerate: 1, ha_plan_exists_for: 1, ha_overcommitted: false });

    // More failures than there is a plan for.
    expect(await x.fail('pool.set_ha_host_failures_to_tolerate', x.pool, 2)).toEqual(BREAKS);
    expect(await x.poolRec()).toMatchObject({ ha_host_failures_to_tolerate: 1, ha_plan_exists_for: 1 });
    // Starting the protected X1 would put two 100 GiB VMs on h1 or h2, which could then not fail; so
    // would protecting X2, or disabling h2 (B would have to move now).
    expect(await x.fail('VM.start', x.X1, false, false)).toEqual(BREAKS);
    expect(await x.fail('VM.start_on', x.X1, h1, false, false)).toEqual(BREAKS);
    expect(await x.call('VM.get_power_state', x.X1)).toBe('Halted');
    expect(await x.fail('VM.set_ha_restart_priority', x.X2, 'restart')).toEqual(BREAKS);
    expect(await x.fail('VM.set_ha_always_run', x.X2, true)).toEqual(BREAKS); // deprecated, the same
    expect(await x.call('VM.get_ha_restart_priority', x.X2)).toBe('');
    expect(await x.fail('host.disable', h2)).toEqual(BREAKS);
    expect(await x.call('host.get_enabled', h2)).toBe(true);
    // An unprotected VM's memory counts too: 60 GiB more on h1 leaves no host able to take B.
    expect(await x.fail('VM.start_on', x.Z, h1, false, false)).toEqual(BREAKS);
    expect(await x.fail('VM.pool_migrate', x.U, h1, {})).toEqual(BREAKS);
    expect(await x.call('VM.get_resident_on', x.U)).toBe(h3);
    // Fewer failures to tolerate is always fine, and so is what then fits.
    await x.call('pool.set_ha_host_failures_to_tolerate', x.pool, 0);
    expect(await x.poolRec()).toMatchObject({ ha_plan_exists_for: 0, ha_overcommitted: false });
    await x.call('VM.start', x.X1, false, false);
    expect(await x.call('VM.get_ha_always_run', x.X1)).toBe(true);
    expect(await x.messages('HA_POOL_OVERCOMMITTED')).toEqual([]);

    // With no plan for one failure, asking for one is not refused (xapi checks only while
    // ha_plan_exists_for > 0): the pool becomes overcommitted and says so once.
    await x.call('pool.set_ha_host_failures_to_tolerate', x.pool, 1);
    expect(await x.poolRec()).toMatchObject({ ha_host_failures_to_tolerate: 1, ha_plan_exists_for: 0, ha_overcommitted: true });
    const poolUuid = await x.call<string>('pool.get_uuid', x.pool);
    const over = await x.messages('HA_POOL_OVERCOMMITTED');
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ priority: 3, cls: 'Pool', obj_uuid: poolUuid });
    expect(over[0].body).toContain('can no longer be guaranteed');
    expect(await x.messages('HA_POOL_DROP_IN_PLAN_EXISTS_FOR')).toEqual([]); // it was 0 already
    // The plan for ha_plan_exists_for (0) is still guarded: h2 cannot go, B would fit nowhere.
    expect(await x.fail('host.disable', h2)).toEqual(BREAKS);
    // X1 stops: the plan for one failure is back.
    await x.call('VM.hard_shutdown', x.X1);
    expect(await x.poolRec()).toMatchObject({ ha_plan_exists_for: 1, ha_overcommitted: false });
    expect(await x.call('pool.ha_compute_max_host_failures_to_tolerate')).toBe(1);
    expect(await x.messages('HA_POOL_OVERCOMMITTED')).toHaveLength(1);
  });

  it('a host failure with HA on drops ha_plan_exists_for (HA_POOL_DROP_IN_PLAN_EXISTS_FOR, HA_POOL_OVERCOMMITTED); its recovery restores it', async () => {
    const x = await fixture();
    const [h1, h2, h3] = x.hosts;
    await x.call('pool.set_ha_host_failures_to_tolerate', x.pool, 1);
    await x.enableHa();
    expect(await x.poolRec()).toMatchObject({ ha_plan_exists_for: 1, ha_overcommitted: false });
    await x.s.faults.failHost(h2, { detectMs: 50 });
    // B restarted on h1 or h3; with two hosts left, the one now holding two 100 GiB VMs cannot fail.
    expect(await x.call('VM.get_power_state', x.B)).toBe('Running');
    expect([h1, h3]).toContain(await x.call('VM.get_resident_on', x.B));
    expect(await x.poolRec()).toMatchObject({ ha_host_failures_to_tolerate: 1, ha_plan_exists_for: 0, ha_overcommitted: true });
    expect(await x.call('pool.ha_compute_max_host_failures_to_tolerate')).toBe(0);
    const poolUuid = await x.call<string>('pool.get_uuid', x.pool);
    const drop = await x.messages('HA_POOL_DROP_IN_PLAN_EXISTS_FOR');
    expect(drop).toHaveLength(1);
    expect(drop[0]).toMatchObject({ priority: 3, cls: 'Pool', obj_uuid: poolUuid, body: '0' });
    expect(await x.messages('HA_POOL_OVERCOMMITTED')).toHaveLength(1);

    await x.s.faults.recoverHost(h2);
    expect(await x.poolRec()).toMatchObject({ ha_plan_exists_for: 1, ha_overcommitted: false });
    expect(await x.messages('HA_POOL_OVERCOMMITTED')).toHaveLength(1);
  });
});
