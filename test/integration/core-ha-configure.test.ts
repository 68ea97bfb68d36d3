// AppCore's ha.configure against the simulator, checked through XAPI: the wizard's Finish sets the VMs'
// priorities, orders and delays and the failures to tolerate, then enables HA on the heartbeat SR, on
// one task; the edit sends only the changes (leaving "restart" before the failures to tolerate, becoming
// "restart" after); a refusal ends the task with XAPI's code and leaves what it had not reached; a bad
// request is refused before anything is sent.
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

eachCoreOnSimulator({ port: 0, hosts: 3, vms: 8, taskDurationMs: 20, metricsIntervalMs: 0 }, (f) => ({ sim, core, conn, session, events } = f));

const call = (method: string, ...args: unknown[]) => rpc(sim.url, method, session, ...args);

async function world() {
  const pool = (await call('pool.get_all') as string[])[0];
  const srs = await call('SR.get_all_records') as Record<string, Rec>;
  const nfs = Object.entries(srs).find(([, r]) => r.shared === true && r.content_type !== 'iso')![0];
  const local = Object.entries(srs).find(([, r]) => r.shared !== true && r.content_type !== 'iso')![0];
  const vbds = await call('VBD.get_all_records') as Record<string, Rec>;
  const vdis = await call('VDI.get_all_records') as Record<string, Rec>;
  const vms = Object.entries(await call('VM.get_all_records') as Record<string, Rec>).filter(([, v]) => !v.is_a_template && !v.is_control_domain);
  const agile = vms.filter(([, v]) => (v.VBDs as string[]).map((b) => vbds[b]).filter((b) => !b.empty).every((b) => srs[String(vdis[String(b.VDI)].SR)].shared === true)).map(([r]) => r);
  return { pool, nfs, local, agile };
}

async function configure(args: Rec): Promise<Rec> {
  const { taskRef } = ok<{ taskRef: string }>(await core.request('ha.configure', { connectionId: conn, ...args } as never));
  return taskEnd(events, taskRef);
}

it('Finish: priorities, order and delay of the changed VMs, the failures to tolerate, then HA on with the heartbeat SR, on one task', async () => {
  const w = await world();
  const [a, b, c] = w.agile;
  const task = await configure({
    poolRef: w.pool, heartbeatSrRef: w.nfs, failuresToTolerate: 1,
    vms: [{ vmRef: a, priority: 'restart', order: 1, startDelay: 30 }, { vmRef: b, priority: 'best-effort', order: 2 }, { vmRef: c, priority: '' }],
  });
  expect(task).toMatchObject({ status: 'success', name_label: "Enabling HA on pool 'Demo Pool'" });
  expect(await call('VM.get_record', a)).toMatchObject({ ha_restart_priority: 'restart', order: 1, start_delay: 30 });
  expect(await call('VM.get_record', b)).toMatchObject({ ha_restart_priority: 'best-effort', order: 2, start_delay: 0 });
  expect(await call('VM.get_ha_restart_priority', c)).toBe('');
  const pool = await call('pool.get_record', w.pool) as Rec;
  expect(pool).toMatchObject({ ha_enabled: true, ha_host_failures_to_tolerate: 1 });
  const statefile = await call('VDI.get_record', (pool.ha_statefiles as string[])[0]) as Rec;
  expect(statefile).toMatchObject({ SR: w.nfs, type: 'ha_statefile' });
  // Every host hears every host (itself included) and has the statefile: the HA tab's "Healthy".
  const hosts = await call('host.get_all_records') as Record<string, Rec>;
  for (const h of Object.values(hosts)) expect(h).toMatchObject({ ha_network_peers: expect.arrayContaining([h.uuid]), ha_statefiles: pool.ha_statefiles });
  for (const h of Object.values(hosts)) expect((h.ha_network_peers as string[]).length).toBe(3);

  // The edit: a's order only; c becomes protected; failures to tolerate 0.
  const edit = await configure({ poolRef: w.pool, failuresToTolerate: 0, vms: [{ vmRef: a, order: 5 }, { vmRef: c, priority: 'restart', startDelay: 10 }] });
  expect(edit).toMatchObject({ status: 'success', name_label: 'Setting HA protection levels' });
  expect(await call('VM.get_record', a)).toMatchObject({ ha_restart_priority: 'restart', order: 5, start_delay: 30 });
  expect(await call('VM.get_record', c)).toMatchObject({ ha_restart_priority: 'restart', start_delay: 10 });
  expect(await call('pool.get_record', w.pool)).toMatchObject({ ha_enabled: true, ha_host_failures_to_tolerate: 0 });
});

it('a refusal ends the task with XAPI\'s code: a local SR cannot hold the heartbeat, and HA stays off', async () => {
  const w = await world();
  const task = await configure({ poolRef: w.pool, heartbeatSrRef: w.local, failuresToTolerate: 0, vms: [{ vmRef: w.agile[0], priority: 'best-effort' }] });
  expect(task.status).toBe('failure');
  expect((task.error_info as string[])[0]).toBe('SR_HAS_NO_PBDS');
  expect(await call('pool.get_ha_enabled', w.pool)).toBe(false);
  // What came before the refusal was done, as XenCenter's action does.
  expect(await call('VM.get_ha_restart_priority', w.agile[0])).toBe('best-effort');
});

it('refuses a malformed request before sending anything', async () => {
  const w = await world();
  const bad = async (args: Rec) => (await core.request('ha.configure', { connectionId: conn, poolRef: w.pool, failuresToTolerate: 0, vms: [], ...args } as never)) as { error?: { code: string; message: string } };
  expect((await bad({ failuresToTolerate: -1 })).error?.code).toBe('IPC_INVALID_REQUEST');
  expect((await bad({ vms: [{ vmRef: w.agile[0], priority: 'always' }] })).error?.code).toBe('IPC_INVALID_REQUEST');
  expect((await bad({ vms: [{ vmRef: w.agile[0], order: 1.5 }] })).error?.code).toBe('IPC_INVALID_REQUEST');
  expect((await bad({ vms: [{ vmRef: w.agile[0] }, { vmRef: w.agile[0] }] })).error?.message).toMatch(/twice/);
  expect((await bad({ heartbeatSrRef: 'not a ref' })).error?.code).toBe('IPC_INVALID_REQUEST');
  expect((await bad({ session: 'x' })).error?.code).toBe('IPC_INVALID_REQUEST');
  expect(await call('VM.get_ha_restart_priority', w.agile[0])).toBe('');
});
