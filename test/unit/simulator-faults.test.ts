// The fault control without sockets: argument checks, counted failures in front of dispatch,
// expired tokens (EVENTS_LOST), event.from tokens read as xapi reads them, and the state of a restart.
import { describe, expect, it } from 'vitest';
import { buildDemoPool } from '../../simulator/demo-pool';
import { dispatch, installHandlers, type CallEnv } from '../../simulator/dispatch';
import { Faults } from '../../simulator/faults';
import type { Listener, ListenerHooks } from '../../simulator/http-server';
import { handleJsonRpc } from '../../simulator/jsonrpc';
import { Sim } from '../../simulator/sim';
import { XapiError } from '../../simulator/xapi-error';

function setup() {
  const db = buildDemoPool({ hosts: 2, vms: 3, memberListeners: false });
  const sim = new Sim(db, { user: 'root', password: 'pw', taskDurationMs: 0 });
  installHandlers(sim);
  let dropped = 0;
  const fake = { address: '127.0.0.1', listening: true, hooks: undefined as ListenerHooks | undefined };
  const faults = new Faults(sim, [fake as unknown as Listener], () => { dropped++; }, false);
  faults.install(false);
  const hooks = fake.hooks!;
  const env: CallEnv = { connection: new AbortController().signal, hostAddress: '127.0.0.1', beforeCall: hooks.beforeCall };
  const call = async (method: string, params: unknown[]) => {
    const r = await handleJsonRpc(sim, JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }), env);
    return r;
  };
  return { sim, faults, hooks, env, call, dropped: () => dropped };
}

/** A call as a listener makes it: the fault hook first, then dispatch. */
async function dispatchVia(hooks: ListenerHooks, sim: Sim, method: string, params: unknown[], env: CallEnv): Promise<unknown> {
  const raw = await hooks.beforeCall(method, env);
  return raw ?? dispatch(sim, method, params, env);
}

const login = (sim: Sim, env: CallEnv) => dispatch(sim, 'session.login_with_password', ['root', 'pw'], env) as Promise<string>;

describe('Faults (no sockets)', () => {
  it('checks its arguments', () => {
    const { faults } = setup();
    expect(() => faults.dropNextConnections(-1)).toThrow();
    expect(() => faults.dropNextConnections(1.5)).toThrow();
    expect(() => faults.delayResponses(-5)).toThrow();
    expect(() => faults.failMethod('VM.get_all', { code: 'X', count: -1 })).toThrow();
    expect(() => faults.failMethod('VM.get_all', { httpStatus: 200 })).toThrow();
    expect(() => faults.failMethod('VM.get_all', { code: '' })).toThrow();
    expect(() => faults.switchCoordinator('OpaqueRef:x')).toThrow(/memberListeners/);
    expect(() => faults.killCoordinator()).toThrow(/memberListeners/);
    faults.failMethod('VM.get_all', { code: 'X', count: 2 });
    faults.failMethod('VM.get_all', { code: 'X', count: 0 }); // count 0 removes it
    expect(faults.state().failing).toEqual({});
  });

  it('drops are counted per request, and each is recorded with the client it hit', () => {
    const { faults, hooks } = setup();
    faults.dropNextConnections(2);
    const req = (userAgent: string) => ({ userAgent, address: '127.0.0.1' });
    expect([hooks.dropRequest(req('A')), hooks.dropRequest(req('')), hooks.dropRequest(req('A'))]).toEqual([true, true, false]);
    expect(faults.hits().map((h) => [h.fault, h.userAgent])).toEqual([['drop', 'A'], ['drop', '']]);
  });

  it('drops and delays aimed at one client (User-Agent prefix) spare the others', async () => {
    const { sim, faults, hooks, env } = setup();
    faults.dropNextConnections(1, { userAgent: 'PoolDesk' });
    expect(faults.state()).toMatchObject({ dropNext: 1, dropFor: 'PoolDesk' });
    expect(hooks.dropRequest({ userAgent: 'curl/8', address: '127.0.0.1' })).toBe(false);
    expect(hooks.dropRequest({ userAgent: 'PoolDesk/1.0', address: '127.0.0.1' })).toBe(true);
    expect(faults.state().dropNext).toBe(0);
    faults.delayResponses(80, { methods: ['pool.get_all'], userAgent: 'PoolDesk' });
    const s = await login(sim, env);
    const timed = async (userAgent: string) => {
      const t = Date.now();
      await dispatchVia(hooks, sim, 'pool.get_all', [s], { ...env, userAgent });
      return Date.now() - t;
    };
    expect(await timed('other')).toBeLessThan(60);
    expect(await timed('PoolDesk')).toBeGreaterThanOrEqual(75);
    const delays = faults.hits().filter((h) => h.fault === 'delay');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toMatchObject({ method: 'pool.get_all', userAgent: 'PoolDesk', address: '127.0.0.1' });
    expect(delays[0].heldMs).toBeGreaterThanOrEqual(75);
  });

  it('failMethod answers in front of dispatch, count times, as JSON-RPC or raw HTTP', async () => {
    const { sim, faults, call, env } = setup();
    const s = await login(sim, env);
    faults.failMethod('pool.get_all', { code: 'INTERNAL_ERROR', params: ['x', 3], count: 2 });
    for (let i = 0; i < 2; i++) {
      expect(await call('pool.get_all', [s])).toEqual({ status: 200, json: { jsonrpc: '2.0', error: { code: 1, message: 'INTERNAL_ERROR', data: ['x', '3'] }, id: 1 } });
    }
    expect(await call('pool.get_all', [s])).toMatchObject({ status: 200, json: { result: [...sim.db.table('pool').keys()] } });
    faults.failMethod('pool.get_all', { httpStatus: 503, count: Infinity });
    expect(await call('pool.get_all', [s])).toEqual({ status: 503, text: '503 injected by the simulator\n' });
    expect(faults.state().failing['pool.get_all'].remaining).toBe('Infinity');
    await faults.clearFaults();
    expect(await call('pool.get_all', [s])).toMatchObject({ status: 200 });
    expect(faults.hits().map((h) => `${h.fault} ${h.method}`)).toEqual(['fail pool.get_all', 'fail pool.get_all', 'fail pool.get_all']);
  });

  it('expireTokens: an old token answers EVENTS_LOST, a fresh one works', async () => {
    const { sim, faults, env } = setup();
    const s = await login(sim, env);
    const { token } = await dispatch(sim, 'event.from', [s, ['vm'], '', 0], env) as { token: string };
    expect(token).toMatch(/^\d{20},0{20}$/);
    faults.expireTokens();
    const err = await dispatch(sim, 'event.from', [s, ['vm'], token, 0], env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XapiError);
    expect((err as XapiError).toArray()).toEqual(['EVENTS_LOST']);
    const fresh = await dispatch(sim, 'event.from', [s, ['vm'], '', 0], env) as { token: string };
    expect(fresh.token > token).toBe(true);
    expect(faults.state().tokenFloor).toBe(Number(fresh.token.split(',')[0]));
    await expect(dispatch(sim, 'event.from', [s, ['vm'], fresh.token, 0], env)).resolves.toBeTruthy();
  });

  it('restart: sessions gone, connections dropped, objects kept, tokens from before still honoured (xapi persists the generation)', async () => {
    const { sim, faults, env, dropped } = setup();
    const s = await login(sim, env);
    const { token } = await dispatch(sim, 'event.from', [s, ['vm'], '', 0], env) as { token: string };
    const vms = [...sim.db.table('VM').keys()];
    await faults.restart();
    expect(dropped()).toBe(1);
    expect(sim.db.table('session').size).toBe(0);
    expect([...sim.db.table('VM').keys()]).toEqual(vms);
    expect(faults.state().tokenFloor).toBe(0);
    await expect(dispatch(sim, 'VM.get_all', [s], env)).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    const fresh = await login(sim, env);
    sim.db.update('VM', vms[0], { name_label: 'after the restart' });
    const after = await dispatch(sim, 'event.from', [fresh, ['vm'], token, 0], env) as { events: { ref: string; operation: string }[] };
    expect(after.events.map((e) => [e.ref, e.operation])).toEqual([[vms[0], 'mod']]);
  });
});

describe('event.from tokens, as xapi_event.ml reads them', () => {
  const from = async (token: unknown, timeout = 0) => {
    const { sim, env } = setup();
    const s = await login(sim, env);
    return { sim, env, s, result: () => dispatch(sim, 'event.from', [s, ['vm'], token, timeout], env) as Promise<{ events: { ref: string; operation: string }[]; token: string }> };
  };

  it('anything but two Int64.of_string numbers answers EVENT_FROM_TOKEN_PARSE_FAILURE [token]', async () => {
    for (const bad of ['garbage', '12', '1,2,3', ',', '1,', 'NaN,0', '1.5,0', '99999999999999999999,0', ' 1,0']) {
      const { result } = await from(bad);
      const err = await result().catch((e: unknown) => e);
      expect((err as XapiError).toArray(), `token ${JSON.stringify(bad)}`).toEqual(['EVENT_FROM_TOKEN_PARSE_FAILURE', String(bad)]);
    }
  });

  it('unpadded, signed, underscored and hex numbers parse (OCaml Int64.of_string)', async () => {
    for (const good of ['0,0', '3,0', '-1,0', '+2,5', '0x3,0', '1_0,0']) {
      const { result } = await from(good);
      await expect(result(), `token ${good}`).resolves.toMatchObject({ token: expect.stringMatching(/^\d{20},0{20}$/) });
    }
  });

  it('a token of another database is read against this one: the rows changed after it, no deletions of rows it never had', async () => {
    const { sim, result } = await from(makeTokenAt(1));
    const all = [...sim.db.table('VM').keys()];
    const r = await result();
    // Every VM row of this database was created after generation 1, so each comes as an add.
    expect(r.events.filter((e) => e.operation === 'add').map((e) => e.ref).sort()).toEqual(all.filter((ref) => sim.db.table('VM').get(ref)!.ctime > 1).sort());
    expect(r.events.some((e) => e.operation === 'del')).toBe(false);
  });

  it('a token from the future waits, answers nothing and keeps the token until this database passes it', async () => {
    const { sim, env, s } = await from('');
    const ahead = sim.db.gen + 1000;
    const future = makeTokenAt(ahead);
    const vm = [...sim.db.table('VM').keys()][0];
    sim.db.update('VM', vm, { name_label: 'changed below the token' });
    const r = await dispatch(sim, 'event.from', [s, ['vm'], future, 0.2], env) as { events: unknown[]; token: string };
    expect(r.events).toEqual([]);
    expect(r.token).toBe(future);
  });
});

const makeTokenAt = (gen: number): string => `${String(gen).padStart(20, '0')},${'0'.repeat(20)}`;
