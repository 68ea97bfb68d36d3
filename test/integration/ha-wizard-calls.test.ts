// What HA's wizard and its Edit dialog call, observed through XAPI (xapi_vm.ml, xha_statefile.ml):
// SR.assert_can_host_ha_statefile on each SR (which can hold the heartbeat, and why not), the restart
// order and delays (never negative), and the restart priority's value check.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { errArray, ok, rpcReply } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
let sim: Simulator | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

async function fixture() {
  const s = await startSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 20, metricsIntervalMs: 0 });
  sim = s;
  const session = ok<string>(await rpcReply(s.url, 'session.login_with_password', ['root', 'xenroot']));
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpcReply(s.url, m, [session, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpcReply(s.url, m, [session, ...p]).then(errArray);
  const srs = await call<Record<string, Rec>>('SR.get_all_records');
  const pick = (f: (r: Rec) => boolean) => Object.entries(srs).find(([, r]) => f(r))![0];
  const vm = Object.entries(await call<Record<string, Rec>>('VM.get_all_records')).find(([, r]) => !r.is_a_template && !r.is_control_domain)![0];
  return { call, fail, vm, nfs: pick((r) => r.shared === true && r.content_type !== 'iso'), iso: pick((r) => r.content_type === 'iso'), local: pick((r) => r.shared !== true && r.content_type !== 'iso'), srs };
}

describe('what the HA wizard asks and sets', () => {
  it('SR.assert_can_host_ha_statefile: a shared SR plugged everywhere passes; a local SR, an ISO library or an unplugged one say why', async () => {
    const x = await fixture();
    expect(await x.call('SR.assert_can_host_ha_statefile', x.nfs)).toBe('');
    expect(await x.fail('SR.assert_can_host_ha_statefile', x.local)).toEqual(['SR_HAS_NO_PBDS', x.local]);
    expect((await x.fail('SR.assert_can_host_ha_statefile', x.iso))?.[0]).toMatch(/^SR_(HAS_NO_PBDS|OPERATION_NOT_SUPPORTED)$/);
    // One host's PBD unplugged (its VMs stopped first): the heartbeat could not reach that host.
    for (const [vm, r] of Object.entries(await x.call<Record<string, Rec>>('VM.get_all_records'))) {
      if (!r.is_control_domain && r.power_state !== 'Halted') await x.call('VM.hard_shutdown', vm);
    }
    const pbd = (x.srs[x.nfs].PBDs as string[])[1];
    await x.call('PBD.unplug', pbd);
    expect(await x.fail('SR.assert_can_host_ha_statefile', x.nfs)).toEqual(['SR_HAS_NO_PBDS', x.nfs]);
    await x.call('PBD.plug', pbd);
    // The Async form runs as a task (XenCenter calls Async.SR.assert_can_host_ha_statefile).
    const task = await x.call<string>('Async.SR.assert_can_host_ha_statefile', x.nfs);
    await expect.poll(() => x.call('task.get_status', task)).toBe('success');
    expect(await x.fail('SR.assert_can_host_ha_statefile', 'OpaqueRef:nope')).toEqual(['HANDLE_INVALID', 'SR', 'OpaqueRef:nope']);
  });

  it('VM.set_order, set_start_delay, set_shutdown_delay: stored, and refused below 0 as xapi does', async () => {
    const x = await fixture();
    await x.call('VM.set_order', x.vm, 3);
    await x.call('VM.set_start_delay', x.vm, 45);
    await x.call('VM.set_shutdown_delay', x.vm, 10);
    expect(await x.call('VM.get_record', x.vm)).toMatchObject({ order: 3, start_delay: 45, shutdown_delay: 10 });
    expect(await x.fail('VM.set_order', x.vm, -1)).toEqual(['INVALID_VALUE', 'order must be non-negative', '-1']);
    expect(await x.fail('VM.set_start_delay', x.vm, -5)).toEqual(['INVALID_VALUE', 'start_delay must be non-negative', '-5']);
    expect(await x.fail('VM.set_shutdown_delay', x.vm, -2)).toEqual(['INVALID_VALUE', 'shutdown_delay must be non-negative', '-2']);
    expect(await x.call('VM.get_record', x.vm)).toMatchObject({ order: 3, start_delay: 45, shutdown_delay: 10 });
  });

  it('VM.set_ha_restart_priority takes "restart", "best-effort" or "" only; ha_always_run follows on a running VM', async () => {
    const x = await fixture();
    expect(await x.fail('VM.set_ha_restart_priority', x.vm, 'always')).toEqual(['INVALID_VALUE', 'ha_restart_priority', 'always']);
    expect(await x.fail('pool.ha_compute_hypothetical_max_host_failures_to_tolerate', { [x.vm]: '1' })).toEqual(['INVALID_VALUE', 'ha_restart_priority', '1']);
    await x.call('VM.set_ha_restart_priority', x.vm, 'best-effort');
    expect(await x.call('VM.get_ha_restart_priority', x.vm)).toBe('best-effort');
    const pool = (await x.call<string[]>('pool.get_all'))[0];
    expect(await x.fail('pool.set_ha_host_failures_to_tolerate', pool, -1)).toEqual(['INVALID_VALUE', 'ha_host_failures_to_tolerate', '-1']);
  });
});

describe('room for the heartbeat (xha_statefile.ml ha_fits_sr)', () => {
  it('an SR without room for a new statefile and redo log is refused with SR_SOURCE_SPACE_INSUFFICIENT; one that has them re-uses them', async () => {
    const x = await fixture();
    const sr = await x.call<Rec>('SR.get_record', x.nfs);
    const used = Number(sr.physical_utilisation);
    // xapi's minimum: the statefile (4096 + 64 × 4096 bytes) and the redo log (951 × 4 MiB), each rounded up to 4 MiB.
    const minimum = (1 + 951) * 4 * 1024 * 1024;
    await x.call('SR.set_physical_size', x.nfs, used + minimum - 1);
    expect(await x.fail('SR.assert_can_host_ha_statefile', x.nfs)).toEqual(['SR_SOURCE_SPACE_INSUFFICIENT', x.nfs]);
    expect(await x.fail('pool.enable_ha', [x.nfs], {})).toEqual(['SR_SOURCE_SPACE_INSUFFICIENT', x.nfs]);
    const pool = Object.keys(await x.call<Record<string, Rec>>('pool.get_all_records'))[0];
    expect(await x.call('pool.get_ha_enabled', pool)).toBe(false);
    // Exactly the minimum free is enough.
    await x.call('SR.set_physical_size', x.nfs, used + minimum);
    expect(await x.call('SR.assert_can_host_ha_statefile', x.nfs)).toBe('');
    await x.call('pool.enable_ha', [x.nfs], {});
    await x.call('pool.disable_ha');
    // The statefile and redo log made then are re-used: a full SR that holds them can still take the heartbeat.
    await x.call('SR.set_physical_size', x.nfs, Number(await x.call('SR.get_physical_utilisation', x.nfs)));
    expect(await x.call('SR.assert_can_host_ha_statefile', x.nfs)).toBe('');
  });
});
