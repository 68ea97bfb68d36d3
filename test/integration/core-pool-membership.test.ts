// AppCore against a simulator that serves a pool and a standalone server (127.0.0.4): the demo
// connecting both, pool.join from the standalone server's connection with the pool connection's
// credentials (and the joiner's connection removed, never doubling the pool's), and VM.migrate_send
// across pools with host.migrate_receive on the destination. Checked through XAPI from outside.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import { login } from '../../electron/core/xapi/session';
import { Connection } from '../../electron/core/connection/connection';
import type { BridgeEvent } from '../../shared/ipc/contract';
import { login as rpcLogin, rpc } from '../support/xapi-rpc';
import { closeCoreAndSimulator, ok, recordEvents, until } from '../support/core-harness';

type Rec = Record<string, unknown>;
let sim: Simulator;
let core: AppCore;
let events: BridgeEvent[];

beforeEach(async () => {
  sim = await startSimulator({ port: 0, hosts: 3, vms: 6, taskDurationMs: 100, standaloneHosts: 1, metricsIntervalMs: 0 });
  core = new AppCore({
    flushIntervalMs: 10, eventTimeoutS: 5, backoffBaseMs: 50, backoffMaxMs: 200,
    startDemoPool: async () => ({ url: sim.url, user: 'root', password: 'xenroot', standaloneUrls: sim.standalone.map((s) => s.url) }),
  });
  events = recordEvents(core);
});
afterEach(() => closeCoreAndSimulator(core, sim));

/** The demo: the pool and the standalone server, both connected; their connection ids. */
async function openDemo(): Promise<{ pool: string; lone: string }> {
  const { connectionId: pool } = ok<{ connectionId: string }>(await core.request('servers.demo', {}));
  const lone = core.connectionInfos().find((c) => c.id !== pool)!.id;
  await until(() => core.connectionInfos().every((c) => c.status === 'connected') && core.connection(pool)!.cache.getAll('host').size === 3
    && core.connection(lone)!.cache.getAll('host').size === 1, 'both connected');
  return { pool, lone };
}

const hostNames = async (url: string) => {
  const s = await rpcLogin(url);
  return Object.values(await rpc(url, 'host.get_all_records', s) as Record<string, Rec>).map((h) => h.name_label).sort();
};

describe('the demo', () => {
  it('connects the pool and its standalone server, neither saved', async () => {
    const { pool, lone } = await openDemo();
    const infos = core.connectionInfos();
    expect(infos.map((c) => c.url).sort()).toEqual([sim.url, sim.standalone[0].url].map((u) => u.replace(/\/$/, '')).sort());
    expect(infos.every((c) => !c.saved)).toBe(true);
    expect([...core.connection(lone)!.cache.getAll('host').values()].map((h) => h.name_label)).toEqual(['xcp-host-04']);
    // Opening it again adds nothing.
    expect(ok<{ connectionId: string }>(await core.request('servers.demo', {})).connectionId).toBe(pool);
    expect(core.connectionInfos()).toHaveLength(2);
  });
});

describe('pool.join', () => {
  it('joins with the pool connection\'s credentials, then removes the joiner\'s connection: one connection to the pool', async () => {
    const { pool, lone } = await openDemo();
    const { taskRef } = ok<{ taskRef: string }>(await core.request('pool.join', { connectionId: lone, poolConnectionId: pool }));
    expect(taskRef).toMatch(/^OpaqueRef:/);
    await until(() => events.some((e) => e.channel === 'connection.removed' && (e.payload as { connectionId: string }).connectionId === lone), 'the joiner removed');
    // Its task's end went out before the removal, for the Events panel.
    const finals = events.filter((e) => e.channel === 'cache.delta' && (e.payload as { connectionId: string }).connectionId === lone)
      .flatMap((e) => (e.payload as { changes: Array<{ ref: string; record?: Rec }> }).changes).filter((c) => c.ref === taskRef);
    expect(finals.at(-1)?.record?.status).toBe('success');
    expect(await hostNames(sim.url)).toEqual(['xcp-host-01', 'xcp-host-02', 'xcp-host-03', 'xcp-host-04']);
    expect(core.connectionInfos().map((c) => c.id)).toEqual([pool]);
    await until(() => [...core.connection(pool)!.cache.getAll('host').values()].some((h) => h.name_label === 'xcp-host-04' && h.enabled === true), 'the member enabled');
    // Adding its address again leads to the coordinator followed already: the same connection.
    await new Promise((r) => setTimeout(r, 300));
    expect(core.connectionInfos()).toHaveLength(1);
    const again = ok<{ connectionId: string }>(await core.request('servers.add', { address: sim.standalone[0].url, user: 'root', password: 'xenroot', save: false }));
    expect(again.connectionId).toBe(pool);
    expect(core.connectionInfos()).toHaveLength(1);
  });

  it('a join the server refuses fails its task and keeps the server connected', async () => {
    const { pool, lone } = await openDemo();
    const s = await rpcLogin(sim.standalone[0].url);
    const [vm] = Object.entries(await rpc(sim.standalone[0].url, 'VM.get_all_records', s) as Record<string, Rec>).find(([, v]) => v.name_label === 'lab-router-04')!;
    await rpc(sim.standalone[0].url, 'VM.start', s, vm, false, false);
    const { taskRef } = ok<{ taskRef: string }>(await core.request('pool.join', { connectionId: lone, poolConnectionId: pool }));
    const task = await until(() => { const t = core.connection(lone)!.cache.get('task', taskRef); return t?.status !== 'pending' && t; }, 'the task ended');
    expect([task.status, task.error_info]).toEqual(['failure', ['JOINING_HOST_CANNOT_HAVE_RUNNING_VMS']]);
    await new Promise((r) => setTimeout(r, 300));
    expect(core.connection(lone)?.status).toBe('connected');
    expect(await hostNames(sim.url)).toEqual(['xcp-host-01', 'xcp-host-02', 'xcp-host-03']);
  });

  it('refuses what the client can tell is wrong before asking the server', async () => {
    const { pool, lone } = await openDemo();
    const err = async (args: Rec) => { const r = await core.request('pool.join', args); return r.ok ? null : r.error.code; };
    expect(await err({ connectionId: pool, poolConnectionId: lone })).toBe('JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS');
    expect(await err({ connectionId: lone, poolConnectionId: lone })).toBe('OPERATION_NOT_ALLOWED');
    expect(await err({ connectionId: lone, poolConnectionId: 'nope' })).toBe('UNKNOWN_CONNECTION');
    expect(await err({ connectionId: lone, poolConnectionId: pool, password: 'x' })).toBe('IPC_INVALID_REQUEST');
    await core.request('servers.disconnect', { connectionId: pool });
    expect(await err({ connectionId: lone, poolConnectionId: pool })).toBe('CREDENTIAL_USE_REFUSED');
    expect(await hostNames(sim.url)).toHaveLength(3);
  });
});

describe('pool.join never follows the joiner into the pool', () => {
  it('a connection told to stay on its server does not follow it into the pool it joined', async () => {
    const states: string[] = [];
    const c = new Connection({ id: 'x', url: sim.standalone[0].url, user: 'root', password: 'xenroot', eventTimeoutS: 5, backoffBaseMs: 20, backoffMaxMs: 50, onState: (i) => states.push(`${i.status} ${i.error?.code ?? ''}`.trim()) });
    await c.connect();
    await until(() => c.status === 'connected' && c.cache.getAll('host').size === 1, 'connected');
    c.stayOnServer(true);
    const s = await rpcLogin(sim.standalone[0].url);
    await rpc(sim.standalone[0].url, 'pool.join', s, '127.0.0.1', 'root', 'xenroot');
    await until(() => states.some((st) => st === 'reconnecting HOST_IS_SLAVE'), 'HOST_IS_SLAVE refused');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.info.coordinatorUrl).toBe(sim.standalone[0].url.replace(/\/$/, ''));
    expect(c.cache.getAll('host').size).toBe(1);
    // Told it may follow again, it does: it logs in at the pool's coordinator.
    c.stayOnServer(false);
    await until(() => c.status === 'connected' && c.info.coordinatorUrl === sim.url.replace(/\/$/, ''), 'followed into the pool');
    await c.disconnect();
    c.dispose();
  });

  it('a login that must stay on its server rejects HOST_IS_SLAVE instead of following it', async () => {
    const { pool, lone } = await openDemo();
    ok(await core.request('pool.join', { connectionId: lone, poolConnectionId: pool }));
    await until(() => core.connectionInfos().length === 1, 'the joiner removed');
    await expect(login(sim.standalone[0].url, 'root', 'xenroot', {}, {}, { followRedirects: false })).rejects.toMatchObject({ code: 'HOST_IS_SLAVE', params: ['127.0.0.1'] });
    const followed = await login(sim.standalone[0].url, 'root', 'xenroot');
    expect(followed.url).toBe(sim.url.replace(/\/$/, ''));
    followed.client.close();
  });
});

describe('vm.crossPoolMigrate', () => {
  /** A VM's disks, VIFs and the standalone server's host, SR and network, as the renderer would map them. */
  function plan(pool: string, lone: string, name: string) {
    const src = core.connection(pool)!.cache;
    const dst = core.connection(lone)!.cache;
    const [vmRef, vm] = [...src.getAll('vm')].find(([, v]) => v.name_label === name)!;
    const disks = (vm.VBDs as string[]).map((b) => src.get('vbd', b)!).filter((b) => b.type === 'Disk').map((b) => String(b.VDI));
    const [hostRef] = [...dst.getAll('host').keys()];
    const [srRef] = [...dst.getAll('sr')].find(([, s]) => s.content_type === 'user')!;
    const [netRef] = [...dst.getAll('network')].find(([, n]) => n.bridge === 'xenbr0')!;
    return { vmRef, vm, hostRef, vdiMap: Object.fromEntries(disks.map((d) => [d, srRef])), vifMap: Object.fromEntries((vm.VIFs as string[]).map((v) => [v, netRef])) };
  }

  it('moves a running VM to the other pool (same uuid), as one task of the source', async () => {
    const { pool, lone } = await openDemo();
    const p = plan(pool, lone, 'web-01');
    expect(p.vm.power_state).toBe('Running');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.crossPoolMigrate', {
      connectionId: pool, vmRef: p.vmRef, destConnectionId: lone, hostRef: p.hostRef, vdiMap: p.vdiMap, vifMap: p.vifMap,
    }));
    const task = await until(() => { const t = core.connection(pool)!.cache.get('task', taskRef); return t && t.status !== 'pending' && t; }, 'the task ended');
    expect(task.status).toBe('success');
    const s = await rpcLogin(sim.standalone[0].url);
    const there = await rpc(sim.standalone[0].url, 'VM.get_by_uuid', s, p.vm.uuid) as string;
    expect(await rpc(sim.standalone[0].url, 'VM.get_power_state', s, there)).toBe('Running');
    await expect(rpc(sim.url, 'VM.get_record', await rpcLogin(sim.url), p.vmRef)).rejects.toMatchObject({ code: 'HANDLE_INVALID' });
  });

  it('a VIF left out fails the task with VIF_NOT_IN_MAP; bad requests are refused before any call', async () => {
    const { pool, lone } = await openDemo();
    const p = plan(pool, lone, 'build-01');
    const { taskRef } = ok<{ taskRef: string }>(await core.request('vm.crossPoolMigrate', {
      connectionId: pool, vmRef: p.vmRef, destConnectionId: lone, hostRef: p.hostRef, vdiMap: p.vdiMap, vifMap: {},
    }));
    const task = await until(() => { const t = core.connection(pool)!.cache.get('task', taskRef); return t && t.status !== 'pending' && t; }, 'the task ended');
    expect([task.status, (task.error_info as string[])[0]]).toEqual(['failure', 'VIF_NOT_IN_MAP']);
    const bad = async (over: Rec) => {
      const r = await core.request('vm.crossPoolMigrate', { connectionId: pool, vmRef: p.vmRef, destConnectionId: lone, hostRef: p.hostRef, vdiMap: p.vdiMap, vifMap: p.vifMap, ...over });
      return r.ok ? null : r.error.code;
    };
    expect(await bad({ vdiMap: { x: 'OpaqueRef:a' } })).toBe('IPC_INVALID_REQUEST');
    expect(await bad({ vifMap: [] })).toBe('IPC_INVALID_REQUEST');
    expect(await bad({ destConnectionId: pool })).toBe('OPERATION_NOT_ALLOWED');
    expect(await bad({ hostRef: 'OpaqueRef:nowhere' })).toBe('HANDLE_INVALID');
    // Nothing moved.
    const s = await rpcLogin(sim.url);
    expect(await rpc(sim.url, 'VM.get_name_label', s, p.vmRef)).toBe('build-01');
  });

  it('vm.crossPoolMigrateCheck: the server\'s assert_can_migrate answer, nothing moved', async () => {
    const { pool, lone } = await openDemo();
    const p = plan(pool, lone, 'web-01');
    const args = { connectionId: pool, vmRef: p.vmRef, destConnectionId: lone, hostRef: p.hostRef, vdiMap: p.vdiMap, vifMap: p.vifMap };
    expect(ok(await core.request('vm.crossPoolMigrateCheck', args))).toEqual({});
    const refused = await core.request('vm.crossPoolMigrateCheck', { ...args, vifMap: {} });
    expect(refused.ok ? null : refused.error.code).toBe('VIF_NOT_IN_MAP');
    const s = await rpcLogin(sim.url);
    expect(await rpc(sim.url, 'VM.get_power_state', s, p.vmRef)).toBe('Running');
    const t = await rpcLogin(sim.standalone[0].url);
    await expect(rpc(sim.standalone[0].url, 'VM.get_by_uuid', t, p.vm.uuid)).rejects.toMatchObject({ code: 'UUID_INVALID' });
  });
});
