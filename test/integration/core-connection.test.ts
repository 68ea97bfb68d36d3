// The core against the real simulator over HTTP: login, HOST_IS_SLAVE, the initial load, events
// from other clients, and the key case: a dropped connection during a blocked event.from.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';
import { login } from '../../electron/core/xapi/session';
import { XapiClient } from '../../electron/core/xapi/transport';
import { XapiError } from '../../electron/core/xapi/errors';
import { Connection } from '../../electron/core/connection/connection';
import { AppCore } from '../../electron/core/app-core';
import type { BridgeEvent, CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';

type Sim = Awaited<ReturnType<typeof startSimulator>>;
const USER = 'root';
const PASSWORD = 'sim-secret';

let sim: Sim;
const cleanups: Array<() => Promise<void> | void> = [];
beforeEach(async () => {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 6, taskDurationMs: 200, memberListeners: true, user: USER, password: PASSWORD });
});
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
  await sim.close();
});

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The server's records of a class as the wire shows them (JSON round trip). */
const serverState = (cls: string): Record<string, unknown> => JSON.parse(JSON.stringify(Object.fromEntries(sim.records(cls))));
const cacheState = (c: Connection, cls: string): Record<string, unknown> => JSON.parse(JSON.stringify(Object.fromEntries(c.cache.getAll(cls.toLowerCase()))));
const sameAsServer = (c: Connection, cls: string): boolean => JSON.stringify(sortKeys(cacheState(c, cls))) === JSON.stringify(sortKeys(serverState(cls)));
function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

/** Another client: its own session, as XenCenter on another desk would have. */
async function otherClient(): Promise<{ call: <T>(m: string, ...a: unknown[]) => Promise<T> }> {
  const r = await login(sim.url, USER, PASSWORD);
  const client: XapiClient = r.client;
  cleanups.push(() => client.close());
  return { call: <T>(m: string, ...a: unknown[]) => client.call<T>(m, r.sessionRef, ...a) };
}

function haltedVm(): string {
  for (const [ref, vm] of sim.records('VM')) {
    const v = vm as { power_state?: string; is_a_template?: boolean; is_control_domain?: boolean; is_a_snapshot?: boolean };
    if (v.power_state === 'Halted' && !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot) return ref;
  }
  throw new Error('the simulator has no halted VM');
}

function newConnection(url = sim.url, password = PASSWORD, eventTimeoutS = 5) {
  const deltas: CacheDelta[] = [];
  const states: ConnectionInfo[] = [];
  const c = new Connection({ id: 'conn-1', url, user: USER, password, eventTimeoutS, flushIntervalMs: 10, onDelta: (d) => deltas.push(d), onState: (s) => states.push(s) });
  cleanups.push(() => c.disconnect());
  return { c, deltas, states };
}

describe('session', () => {
  it('logs in with the right password and refuses a wrong one', async () => {
    const r = await login(sim.url, USER, PASSWORD);
    expect(r.sessionRef).toMatch(/^OpaqueRef:/);
    expect(r.url).toBe(sim.url);
    r.client.close();
    const err = await login(sim.url, USER, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XapiError);
    expect((err as XapiError).code).toBe('SESSION_AUTHENTICATION_FAILED');
  });

  it('follows HOST_IS_SLAVE from a member to the coordinator', async () => {
    const memberUrl = `http://127.0.0.2:${sim.port}`;
    const r = await login(memberUrl, USER, PASSWORD);
    expect(r.url).toBe(`http://127.0.0.1:${sim.port}`);
    r.client.close();
    const { c } = newConnection(memberUrl);
    await c.connect();
    expect(c.info.coordinatorUrl).toBe(`http://127.0.0.1:${sim.port}`);
    expect(c.info.url).toBe(memberUrl);
  });
});

describe('Connection against the simulator', () => {
  it('initial load: the cache holds exactly the server\'s VMs', async () => {
    const { c, states, deltas } = newConnection();
    await c.connect();
    await until(() => c.status === 'connected', 'connected');
    expect(states.map((s) => s.status).slice(0, 2)).toEqual(['connecting', 'connected']);
    await until(() => sameAsServer(c, 'VM'), 'cache VMs == server VMs');
    expect(cacheState(c, 'VM')).toEqual(serverState('VM'));
    expect(c.cache.getAll('host').size).toBe(sim.records('host').size);
    await until(() => deltas.length > 0, 'a delta');
    expect(deltas[0].reset).toBe(true);
  });

  it('a change made by another client arrives through events', async () => {
    const { c } = newConnection();
    await c.connect();
    await until(() => c.status === 'connected', 'connected');
    const vm = haltedVm();
    const other = await otherClient();
    await other.call('VM.set_name_label', vm, 'renamed by someone else');
    await until(() => c.cache.get('vm', vm)?.name_label === 'renamed by someone else', 'the rename');
  });

  it('KEY: survives a dropped connection during a blocked event.from and misses nothing', async () => {
    const { c, states, deltas } = newConnection(sim.url, PASSWORD, 20);
    await c.connect();
    await until(() => c.status === 'connected' && sameAsServer(c, 'VM'), 'initial load');
    await new Promise((r) => setTimeout(r, 200)); // event.from is now blocked on the server
    sim.dropAllConnections();
    // Changes while we are down, by another client: a rename, a destroyed-and-created task, a start.
    const other = await otherClient();
    const vm = haltedVm();
    await other.call('VM.set_name_label', vm, 'changed while down');
    const task = await other.call<string>('Async.VM.start', vm, false, false);
    expect(task).toMatch(/^OpaqueRef:/);
    await until(() => states.some((s) => s.status === 'reconnecting'), 'reconnecting state');
    const r = states.find((s) => s.status === 'reconnecting') as ConnectionInfo;
    expect(r.error?.code).toMatch(/CONNECTION_FAILED|CONNECTION_TIMEOUT/);
    expect(r.nextAttemptAt).toBeGreaterThan(0);
    await until(() => c.status === 'connected', 'connected again');
    await until(() => c.cache.get('vm', vm)?.name_label === 'changed while down', 'the rename made while down');
    await until(() => (sim.records('task').get(task) as { status?: string } | undefined)?.status !== 'pending', 'task finished');
    await until(() => sameAsServer(c, 'VM') && sameAsServer(c, 'task'), 'cache == server (VM, task)');
    expect(cacheState(c, 'VM')).toEqual(serverState('VM'));
    expect(cacheState(c, 'task')).toEqual(serverState('task'));
    expect(c.cache.get('vm', vm)?.power_state).toBe('Running');
    // It continued from its token: only the initial load was a reset.
    expect(deltas.filter((d) => d.reset)).toHaveLength(1);
    // A finished task destroyed by its owner disappears from the cache too (no ghost).
    await other.call('task.destroy', task);
    await until(() => c.cache.get('task', task) === undefined && sameAsServer(c, 'task'), 'task gone');
  });
});

describe('Connection: session invalidated on the server', () => {
  it('logs in again after SESSION_INVALID and continues from its token', async () => {
    const { c, deltas } = newConnection();
    await c.connect();
    await until(() => c.status === 'connected' && sameAsServer(c, 'VM'), 'initial load');
    await new Promise((r) => setTimeout(r, 100));
    // Log out every session from outside (a session ref is all session.logout needs).
    const raw = new XapiClient(sim.url);
    cleanups.push(() => raw.close());
    const before = [...sim.records('session').keys()];
    for (const ref of before) await raw.call('session.logout', ref);
    const other = await otherClient();
    const vm = haltedVm();
    await other.call('VM.set_name_label', vm, 'after re-login');
    await until(() => c.cache.get('vm', vm)?.name_label === 'after re-login', 'the rename after re-login');
    // Two new sessions: the other client's and the connection's re-login.
    expect([...sim.records('session').keys()].filter((ref) => !before.includes(ref))).toHaveLength(2);
    expect(deltas.filter((d) => d.reset)).toHaveLength(1);
    expect(c.status).toBe('connected');
  });
});

describe('AppCore against the simulator', () => {
  function newCore() {
    const core = new AppCore({ flushIntervalMs: 10, eventTimeoutS: 5 });
    const events: BridgeEvent[] = [];
    core.subscribe((e) => events.push(e));
    cleanups.push(() => core.dispose());
    return { core, events };
  }

  it('servers.add with a bad password is rejected and keeps nothing', async () => {
    const { core, events } = newCore();
    const res = await core.request('servers.add', { address: sim.url, user: USER, password: 'bad' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('SESSION_AUTHENTICATION_FAILED');
    expect(res.error.message).toMatch(/^SESSION_AUTHENTICATION_FAILED: The credentials given by the user are incorrect/);
    const snap = await core.request('state.snapshot', {});
    expect(snap).toEqual({ ok: true, result: { connections: [], deltas: [] } });
    expect(events).toEqual([]);
  });

  it('servers.add to a closed port fails with CONNECTION_FAILED in words', async () => {
    const { core } = newCore();
    const port = sim.port;
    await sim.close();
    sim = await startSimulator({ port: 0, user: USER, password: PASSWORD });
    const res = await core.request('servers.add', { address: `http://127.0.0.1:${port}`, user: USER, password: PASSWORD });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONNECTION_FAILED', message: `Could not connect to 127.0.0.1:${port}: ECONNREFUSED` } });
  });

  it('servers.add, Async VM.start through xapi.callAsync, the cache sees Running; snapshot; remove', async () => {
    const { core, events } = newCore();
    const res = await core.request('servers.add', { address: sim.url, user: USER, password: PASSWORD });
    expect(res.ok).toBe(true);
    const { connectionId } = (res as { ok: true; result: { connectionId: string } }).result;
    const again = await core.request('servers.add', { address: sim.url, user: USER, password: PASSWORD });
    expect(again).toEqual({ ok: true, result: { connectionId } });
    const conn = core.connection(connectionId) as Connection;
    await until(() => conn.status === 'connected', 'connected');

    const vm = haltedVm();
    const started = await core.request('xapi.callAsync', { connectionId, method: 'VM.start', args: [vm, false, false] });
    expect(started.ok).toBe(true);
    const { taskRef } = (started as { ok: true; result: { taskRef: string } }).result;
    expect(taskRef).toMatch(/^OpaqueRef:/);
    await until(() => conn.cache.get('vm', vm)?.power_state === 'Running', 'VM running in the cache');
    await until(() => events.some((e) => e.channel === 'cache.delta' && (e.payload as CacheDelta).changes.some((ch) => ch.ref === vm && ch.record?.power_state === 'Running')), 'a delta with the running VM');
    await until(() => (conn.cache.get('task', taskRef) as { status?: string } | undefined)?.status === 'success', 'task success in cache');

    // A second start fails with the XAPI error in words, code and params kept apart.
    const bad = await core.request('xapi.call', { connectionId, method: 'VM.start', args: [vm, false, false] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VM_BAD_POWER_STATE', params: [vm, 'halted', 'running'] } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^VM_BAD_POWER_STATE: You attempted an operation on a VM that was not in an appropriate power state/);

    const rec = await core.request('xapi.call', { connectionId, method: 'VM.get_name_label', args: [vm] });
    expect(rec).toEqual({ ok: true, result: sim.records('VM').get(vm)?.name_label });

    const snap = await core.request('state.snapshot', {});
    expect(snap.ok).toBe(true);
    const s = (snap as { ok: true; result: { connections: ConnectionInfo[]; deltas: CacheDelta[] } }).result;
    expect(s.connections).toHaveLength(1);
    expect(s.connections[0]).toMatchObject({ id: connectionId, url: sim.url, user: USER, status: 'connected', hostname: new URL(sim.url).host });
    const wire = JSON.stringify(s);
    expect(wire).not.toContain(PASSWORD);
    for (const sessionRef of sim.records('session').keys()) expect(wire).not.toContain(sessionRef);
    expect(conn.cache.getAll('session').size).toBe(0);
    expect(s.deltas[0].reset).toBe(true);
    expect(s.deltas[0].changes.filter((ch) => ch.cls === 'vm')).toHaveLength(sim.records('VM').size);

    expect(await core.request('servers.remove', { connectionId })).toEqual({ ok: true, result: null });
    expect(events.at(-1)).toEqual({ channel: 'connection.removed', payload: { connectionId } });
    expect(core.connectionInfos()).toEqual([]);
  });

  it('validation rejects session.*, unknown channels, unknown methods and methods without an async form', async () => {
    const { core } = newCore();
    const added = await core.request('servers.add', { address: sim.url, user: USER, password: PASSWORD });
    const { connectionId } = (added as { ok: true; result: { connectionId: string } }).result;
    expect(await core.request('xapi.call', { connectionId, method: 'session.logout', args: [] })).toMatchObject({ ok: false, error: { code: 'IPC_CALL_REFUSED' } });
    expect(await core.request('nope.channel', {})).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    expect(await core.request('servers.add', { address: 'h', user: 'u', password: 'p', extra: 1 })).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    expect(await core.request('xapi.call', { connectionId, method: 'VM.frobnicate', args: [] })).toMatchObject({ ok: false, error: { code: 'IPC_CALL_REFUSED', message: expect.stringMatching(/not a message of the data model/) } });
    expect(await core.request('xapi.callAsync', { connectionId, method: 'VM.get_record', args: [] })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await core.request('xapi.call', { connectionId: 'nope', method: 'VM.get_all', args: [] })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CONNECTION' } });
    expect(await core.request('servers.demo', {})).toMatchObject({ ok: false, error: { code: 'DEMO_UNAVAILABLE' } });
    expect(await core.request('servers.add', { address: 'ftp://x', user: 'u', password: 'p' })).toMatchObject({ ok: false, error: { code: 'INVALID_ADDRESS' } });
  });

  it('servers.demo starts the demo pool and connects; disconnect emits the state', async () => {
    const core = new AppCore({ flushIntervalMs: 10, eventTimeoutS: 5, startDemoPool: async () => ({ url: sim.url, user: USER, password: PASSWORD }) });
    cleanups.push(() => core.dispose());
    const states: ConnectionInfo[] = [];
    core.subscribe((e) => { if (e.channel === 'connection.state') states.push(e.payload as ConnectionInfo); });
    const res = await core.request('servers.demo', {});
    expect(res.ok).toBe(true);
    const { connectionId } = (res as { ok: true; result: { connectionId: string } }).result;
    await until(() => states.some((s) => s.status === 'connected'), 'connected');
    expect(await core.request('servers.disconnect', { connectionId })).toEqual({ ok: true, result: null });
    expect(states.at(-1)?.status).toBe('disconnected');
  });
});
