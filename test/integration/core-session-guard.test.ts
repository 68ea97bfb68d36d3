// No session ref reaches the renderer: a renderer request for host.migrate_receive (sync or Async)
// is refused at the IPC boundary, and while main itself runs a cross-pool migration (which calls
// host.migrate_receive on the destination) no cache delta, event or reply carries a session of
// either pool. A migrate_receive task started by another client crosses with its result withheld.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import type { BridgeEvent } from '../../shared/ipc/contract';
import { login as rpcLogin, rpc } from '../support/xapi-rpc';
import { closeCoreAndSimulator, ok, recordEvents, until } from '../support/core-harness';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let events: BridgeEvent[];
/** Every session either simulator ever had while the test ran (polled). */
const sessions = new Set<string>();
let poll: ReturnType<typeof setInterval>;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 100, standaloneHosts: 1, metricsIntervalMs: 0 });
  sessions.clear();
  const collect = () => { for (const r of [sim.records('session'), sim.standalone[0].records('session')]) for (const ref of r.keys()) sessions.add(ref); };
  poll = setInterval(collect, 5);
  core = new AppCore({
    flushIntervalMs: 10, eventTimeoutS: 5,
    startDemoPool: async () => ({ url: sim.url, user: 'root', password: 'xenroot', standaloneUrls: sim.standalone.map((s) => s.url) }),
  });
  events = recordEvents(core);
});
afterEach(async () => { clearInterval(poll); await closeCoreAndSimulator(core, sim); });

async function openDemo(): Promise<{ pool: string; lone: string }> {
  const { connectionId: pool } = ok<{ connectionId: string }>(await core.request('servers.demo', {}));
  const lone = core.connectionInfos().find((c) => c.id !== pool)!.id;
  await until(() => core.connectionInfos().every((c) => c.status === 'connected') && core.connection(lone)!.cache.getAll('host').size === 1
    && core.connection(pool)!.cache.getAll('vm').size > 0, 'both connected');
  return { pool, lone };
}

const leaked = (text: string): string[] => [...sessions].filter((s) => text.includes(s));

describe('sessions stay in main', () => {
  it('refuses host.migrate_receive and its Async form, and no session crosses during a cross-pool migration', async () => {
    const { pool, lone } = await openDemo();
    const dst = core.connection(lone)!.cache;
    const [hostRef] = [...dst.getAll('host').keys()];
    const [netRef] = [...dst.getAll('network')].find(([, n]) => n.bridge === 'xenbr0')!;
    const tasksBefore = sim.standalone[0].records('task').size;
    for (const channel of ['xapi.call', 'xapi.callAsync'] as const) {
      const r = await core.request(channel, { connectionId: lone, method: 'host.migrate_receive', args: [hostRef, netRef, {}] });
      expect(r).toMatchObject({ ok: false, error: { code: 'IPC_CALL_REFUSED', params: ['host.migrate_receive'] } });
      expect(r.ok ? '' : r.error.message).toMatch(/host\.migrate_receive cannot be called from the renderer: .*session/);
    }
    // Refused before any call: the destination made no session and no task for it.
    expect(sim.standalone[0].records('task').size).toBe(tasksBefore);
    expect([...sim.standalone[0].records('session').values()].filter((s) => s.is_local_superuser === true && s.parent !== 'OpaqueRef:NULL')).toEqual([]);

    // Main runs the whole migration, migrate_receive included.
    const src = core.connection(pool)!.cache;
    const [vmRef, vm] = [...src.getAll('vm')].find(([, v]) => v.power_state === 'Running' && v.is_control_domain === false && v.is_a_template === false)!;
    const disks = (vm.VBDs as string[]).map((b) => src.get('vbd', b)!).filter((b) => b.type === 'Disk').map((b) => String(b.VDI));
    const [srRef] = [...dst.getAll('sr')].find(([, s]) => s.content_type === 'user')!;
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.crossPoolMigrate', {
      connectionId: pool, vmRef, destConnectionId: lone, hostRef, vdiMap: Object.fromEntries(disks.map((d) => [d, srRef])),
      vifMap: Object.fromEntries((vm.VIFs as string[]).map((v) => [v, netRef])),
    }));
    const task = await until(() => { const t = src.get('task', taskRef); return t && t.status !== 'pending' && t; }, 'the migration ended');
    expect(task.status).toBe('success');
    await until(() => [...dst.getAll('vm').values()].some((v) => v.uuid === vm.uuid), 'the VM at the destination');
    await new Promise((r) => setTimeout(r, 100));
    // The destination did make a session for the sender (as xapi does): it never crossed.
    expect([...sessions].length).toBeGreaterThan(2);
    const snapshot = ok<unknown>(await core.request('state.snapshot', {}));
    expect(leaked(JSON.stringify(events))).toEqual([]);
    expect(leaked(JSON.stringify(snapshot))).toEqual([]);
    expect(events.some((e) => e.channel === 'cache.delta')).toBe(true);
  });

  it('a migrate_receive task of another client crosses with its result withheld', async () => {
    const { lone } = await openDemo();
    const url = sim.standalone[0].url;
    const s = await rpcLogin(url);
    const [hostRef] = Object.keys(await rpc(url, 'host.get_all_records', s) as Rec);
    const [netRef] = Object.entries(await rpc(url, 'network.get_all_records', s) as Record<string, Rec>).find(([, n]) => n.bridge === 'xenbr0')!;
    const taskRef = await rpc(url, 'Async.host.migrate_receive', s, hostRef, netRef, {}) as string;
    const raw = await until(async () => { const r = await rpc(url, 'task.get_result', s, taskRef) as string; return r.includes('session_id') && r; }, 'the task result');
    const session = /OpaqueRef:[0-9a-f-]+/.exec(raw.slice(raw.indexOf('session_id')))![0];
    sessions.add(session);
    const seen = await until(() => { const t = core.connection(lone)!.cache.get('task', taskRef); return t?.status === 'success' && t; }, 'the task in the cache');
    expect(String(seen.result)).toContain(session); // main's cache holds it; the renderer does not
    await new Promise((r) => setTimeout(r, 100));
    const crossed = events.flatMap((e) => (e.channel === 'cache.delta' ? (e.payload as { changes: Array<{ ref: string; record?: Rec }> }).changes : []))
      .filter((c) => c.ref === taskRef && c.record?.status === 'success');
    expect(crossed.length).toBeGreaterThan(0);
    expect(crossed.every((c) => c.record?.result === '')).toBe(true);
    expect(ok(await core.request('xapi.call', { connectionId: lone, method: 'task.get_result', args: [taskRef] }))).toBe('');
    const rec = ok<Rec>(await core.request('xapi.call', { connectionId: lone, method: 'task.get_record', args: [taskRef] }));
    expect([rec.status, rec.result]).toEqual(['success', '']);
    expect(leaked(JSON.stringify(events))).toEqual([]);
  });
});
