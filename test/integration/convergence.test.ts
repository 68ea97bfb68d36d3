// The convergence matrix (issue "Trust and resilience"): for each fault the simulator can inject, a
// Connection that has finished its initial load rides the fault while another client changes the
// pool (a rename, an Async start and an Async shutdown with their tasks, a task and a message created
// and destroyed, a message the client already holds destroyed); once the fault clears, the cache
// must equal the server exactly, class by class and field by field (nothing missed, no ghosts),
// and the connection must be 'connected' again. Every case also proves that the product's own
// connection met the fault, not the test's helper client: from the Connection's own states (the
// error it reconnected with, the coordinator it ended on, how often it loaded from ""), the
// sessions it logged in with (originator PoolDesk), and the simulator's fault log, which records
// the User-Agent of each request a fault hit (PoolDesk for the product, another one for the
// helper). A table of results, times and that evidence is printed at the end.
import http from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { Connection } from '../../electron/core/connection/connection';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { USER_AGENT } from '../../electron/core/xapi/transport';
import { ORIGINATOR } from '../../electron/core/xapi/session';
import type { FaultHit } from '../../simulator/faults';
import { differences as diffFrom } from '../support/cache-compare';

const USER = 'root';
const PASSWORD = 'converge-secret';
/** The helper's User-Agent: the fault log tells its requests from the product's (USER_AGENT). */
const HELPER_AGENT = 'convergence-helper';

// ---------- a raw client for the changes, immune to the faults (it retries, re-logs in, follows) ----------

interface Reply { status: number; json?: { result?: unknown; error?: { message: string; data: string[] } } }

function rpc(url: string, method: string, params: unknown[]): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL('/jsonrpc', url), { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'User-Agent': HELPER_AGENT } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let json: Reply['json'];
        try { json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['json']; } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.setTimeout(5_000, () => req.destroy(new Error('raw client timeout')));
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class RawClient {
  #url: string;
  #session = '';
  readonly #addresses: string[];
  constructor(private readonly port: number) {
    this.#addresses = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
    this.#url = this.#at(this.#addresses[0]);
  }

  #at(address: string): string { return `http://${address}:${this.port}`; }

  async #send(method: string, params: unknown[], deadline: number): Promise<{ result?: unknown; error?: string[] }> {
    for (let i = 0; ; i++) {
      if (Date.now() > deadline) throw new Error(`raw client: ${method} did not get through`);
      let r: Reply;
      try {
        r = await rpc(this.#url, method, params);
      } catch {
        this.#url = this.#at(this.#addresses[(this.#addresses.indexOf(new URL(this.#url).hostname) + 1) % this.#addresses.length]);
        await sleep(100);
        continue;
      }
      if (r.status !== 200 || !r.json) { await sleep(100); continue; }
      if (r.json.error) return { error: [r.json.error.message, ...r.json.error.data] };
      return { result: r.json.result };
    }
  }

  async #login(deadline: number): Promise<void> {
    for (;;) {
      const r = await this.#send('session.login_with_password', [USER, PASSWORD], deadline);
      if (r.error?.[0] === 'HOST_IS_SLAVE') { this.#url = this.#at(r.error[1]); await sleep(50); continue; }
      if (r.error) throw new Error(`raw login: ${r.error.join(' ')}`);
      this.#session = String(r.result);
      return;
    }
  }

  /** A call that gets through whatever the fault; `tolerate`: error codes taken as done (a retried call that had happened). */
  async call<T = unknown>(method: string, args: unknown[], tolerate: string[] = []): Promise<T | undefined> {
    const deadline = Date.now() + 25_000;
    if (!this.#session) await this.#login(deadline);
    for (;;) {
      const r = await this.#send(method, [this.#session, ...args], deadline);
      if (!r.error) return r.result as T;
      if (r.error[0] === 'HOST_IS_SLAVE') { this.#url = this.#at(r.error[1]); await this.#login(deadline); continue; }
      if (r.error[0] === 'SESSION_INVALID') { await this.#login(deadline); continue; }
      if (tolerate.includes(r.error[0])) return undefined;
      throw new Error(`raw ${method}: ${r.error.join(' ')}`);
    }
  }
}

// ---------- comparing the cache with the server ----------

const differences = (sim: Simulator, c: Connection): string => diffFrom(sim, (cls) => c.cache.getAll(cls));

// ---------- the matrix ----------

interface Ctx {
  sim: Simulator; conn: Connection; states: ConnectionInfo[]; pending: Promise<unknown>[];
  /** Full loads (token "") the product's connection applied. */
  loads: () => number;
  /** The requests of the product's connection that this fault acted on (simulator fault log). */
  mine: (fault: FaultHit['fault'], method?: string) => FaultHit[];
  /** The product's states since the fault was injected that said reconnecting with this error code. */
  reconnectedWith: (code: string) => boolean;
  /** Sessions the product logged in with since the fault was injected (originator PoolDesk). */
  newLogins: () => number;
}
interface Case {
  name: string;
  /** Injects the fault (may leave a promise in ctx.pending). */
  inject(ctx: Ctx): void | Promise<void>;
  /** Runs after the changes, before the fault is cleared (e.g. until the client felt it). */
  during?(ctx: Ctx): Promise<void>;
  /** Clears the fault (default: clearFaults). */
  clear?(ctx: Ctx): Promise<void>;
  /** Proof that the product's connection itself met the fault (checked once converged); a case
   * must fail when the fault did not reach it. */
  felt: { what: string; check(ctx: Ctx): boolean };
  /** A client bug makes this case fail today (see the report in the test's name). */
  clientBug?: string;
}

interface Result { fault: string; converged: boolean; clearToConvergedMs?: number; injectToConvergedMs?: number; status: string; lastError?: string; diff?: string; evidence?: string }
const results: Result[] = [];

async function until(cond: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const hostAt = (sim: Simulator, address: string): string => {
  for (const [ref, h] of sim.records('host')) if (h.address === address) return ref;
  throw new Error(`no host at ${address}`);
};
const plainVms = (sim: Simulator, power: string): string[] => [...sim.records('VM')].filter(([, v]) =>
  v.power_state === power && !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot).map(([r]) => r);

let current: { sim: Simulator; conn: Connection } | undefined;
afterEach(async () => {
  if (!current) return;
  const { sim, conn } = current;
  current = undefined;
  conn.dispose();
  await sim.close();
});

afterAll(() => {
  const rows = results.map((r) => `${r.converged ? 'converged ' : 'NOT converged'} | ${r.fault.padEnd(58)} | ${
    r.converged ? `${r.clearToConvergedMs} ms after clear (${r.injectToConvergedMs} ms after inject)` : `status ${r.status}${r.lastError ? `, last error ${r.lastError}` : ''}${r.diff ? `; ${r.diff.split('\n')[0]}` : ''}`} | client met: ${r.evidence ?? '?'}`);
  console.log(`convergence matrix:\n${rows.join('\n')}`);
});

/** For a known client bug (it.fails): a failure before the fault cleared is not the bug, so it is
 * logged and swallowed, which makes it.fails report the case red instead of hiding it. */
async function runCase(k: Case, convergeWithinMs: number): Promise<void> {
  try {
    await prepareAndInject(k, convergeWithinMs);
  } catch (e) {
    if (k.clientBug && !(e instanceof ConvergenceFailure)) {
      console.error(`${k.name}: failed before convergence could be checked`, e);
      return;
    }
    throw e;
  }
}

class ConvergenceFailure extends Error {}

/** What the product's connection went through, in a line for the table. */
function evidence(ctx: Ctx): string {
  const held = ctx.mine('delay').map((h) => h.heldMs ?? 0);
  const codes = [...new Set(ctx.states.filter((st) => st.status === 'reconnecting').map((st) => st.error?.code))].join('/');
  return [
    `drops ${ctx.mine('drop').length}`,
    `delayed ${held.length}${held.length ? ` (up to ${Math.max(...held)} ms)` : ''}`,
    `failed ${ctx.mine('fail').length}`,
    `HOST_IS_SLAVE ${ctx.mine('host_is_slave').length}`,
    `reconnecting ${codes || 'never'}`,
    `logins ${ctx.newLogins()}`,
    `loads ${ctx.loads()}`,
    `on ${ctx.conn.info.coordinatorUrl ? new URL(ctx.conn.info.coordinatorUrl).hostname : '?'}`,
  ].join(', ');
}

const endedOn = (ctx: Ctx, address: string): boolean => !!ctx.conn.info.coordinatorUrl && new URL(ctx.conn.info.coordinatorUrl).hostname === address;

async function prepareAndInject(k: Case, convergeWithinMs: number): Promise<void> {
  const sim = await startSimulator({ port: 0, hosts: 3, vms: 10, taskDurationMs: 300, memberListeners: true, user: USER, password: PASSWORD });
  const states: ConnectionInfo[] = [];
  const conn = new Connection({
    id: 'conv', url: sim.url, user: USER, password: PASSWORD,
    eventTimeoutS: 1, flushIntervalMs: 10, backoffBaseMs: 100, backoffMaxMs: 1_000,
    onState: (s) => states.push(s),
    onDelta: (d) => { if (d.reset) resets++; },
  });
  let resets = 0;
  current = { sim, conn };
  let injectedAt = Infinity;
  let statesAtInject = 0;
  const sessionsBefore = new Set<string>();
  const ctx: Ctx = {
    sim, conn, states, pending: [], loads: () => conn.fullLoads,
    mine: (fault, method) => sim.faults.hits().filter((h) => h.userAgent === USER_AGENT && h.fault === fault && h.at >= injectedAt && (!method || h.method === method)),
    reconnectedWith: (code) => states.slice(statesAtInject).some((st) => st.status === 'reconnecting' && st.error?.code === code),
    newLogins: () => [...sim.records('session')].filter(([ref, rec]) => rec.originator === ORIGINATOR && !sessionsBefore.has(ref)).length,
  };
  const raw = new RawClient(sim.port);

  await conn.connect();
  // A message the client will hold before the fault (destroyed during it: a del it must see).
  const vmA = plainVms(sim, 'Halted')[0];
  const oldMsg = await raw.call<string>('message.create', ['CONVERGENCE_OLD', 3, 'VM', sim.records('VM').get(vmA)?.uuid, 'before the fault']);
  await until(() => conn.status === 'connected' && differences(sim, conn) === '', 'the initial load', 15_000);
  await sleep(150); // event.from is now blocked on the server

  for (const ref of sim.records('session').keys()) sessionsBefore.add(ref);
  statesAtInject = states.length;
  const t0 = Date.now();
  injectedAt = t0;
  await k.inject(ctx);
  // Changes by another client while the fault is on.
  const [vmB] = plainVms(sim, 'Halted').filter((r) => r !== vmA);
  const [vmC] = plainVms(sim, 'Running');
  await raw.call('VM.set_name_label', [vmA, `renamed during ${k.name}`]);
  await raw.call('Async.VM.start', [vmB, false, false], ['VM_BAD_POWER_STATE']);
  await raw.call('Async.VM.clean_shutdown', [vmC], ['VM_BAD_POWER_STATE']);
  const task = await raw.call<string>('task.create', ['convergence', 'created and destroyed during the fault']);
  await raw.call('task.destroy', [task], ['HANDLE_INVALID']);
  await raw.call('message.destroy', [oldMsg], ['HANDLE_INVALID']);
  expect(oldMsg).toMatch(/^OpaqueRef:/);
  await raw.call('message.create', ['CONVERGENCE_NEW', 2, 'VM', sim.records('VM').get(vmB)?.uuid, 'during the fault']);
  await k.during?.(ctx);

  await (k.clear ? k.clear(ctx) : sim.faults.clearFaults());
  const t1 = Date.now();
  // Let the Async operations finish so the server stops changing, then compare.
  await until(() => [...sim.records('task').values()].every((t) => t.status !== 'pending'), 'the Async tasks', 15_000);
  let converged = false;
  const end = Date.now() + convergeWithinMs;
  while (Date.now() < end) {
    if (conn.status === 'connected' && differences(sim, conn) === '') { converged = true; break; }
    await sleep(25);
  }
  const last = states.at(-1);
  const result: Result = { fault: k.name, converged, status: conn.status, lastError: last?.error?.code, evidence: evidence(ctx) };
  if (converged) {
    result.clearToConvergedMs = Date.now() - t1;
    result.injectToConvergedMs = Date.now() - t0;
  } else result.diff = differences(sim, conn) || '(cache equals server)';
  results.push(result);
  expect(sim.records('VM').get(vmA)?.name_label).toBe(`renamed during ${k.name}`);
  if (!converged) throw new ConvergenceFailure(`${k.name}: not converged within ${convergeWithinMs} ms after the fault cleared: status ${conn.status}, last error ${String(last?.error?.code)}\n${result.diff ?? ''}`);
  expect(conn.status).toBe('connected');
  expect(differences(sim, conn)).toBe('');
  const felt = k.felt;
  expect(felt.check(ctx), `${k.name}: the client should have met the fault: ${felt.what} (it shows: ${evidence(ctx)})`).toBe(true);
  expect(conn.cache.get('vm', vmA)?.name_label).toBe(`renamed during ${k.name}`);
  expect(conn.cache.get('message', String(oldMsg))).toBeUndefined();
  // A resync sends the difference, never a reset: the tree is not emptied on the way.
  expect(resets, 'only the initial load is a reset delta').toBe(1);
}

const CASES: Case[] = [
  {
    name: 'connection dropped during a blocked event.from',
    inject: ({ sim }) => sim.dropAllConnections(),
    felt: { what: 'it reconnected after CONNECTION_FAILED and continued from its token (its session lived: one load)', check: (c) => c.reconnectedWith('CONNECTION_FAILED') && c.loads() === 1 },
  },
  {
    name: 'the next 3 connections of the client dropped',
    // Aimed at the product: the helper's calls would take the drops otherwise.
    inject: ({ sim }) => sim.faults.dropNextConnections(3, { userAgent: USER_AGENT }),
    during: (c) => until(() => c.mine('drop').length === 3, 'the 3 drops of the client', 15_000),
    felt: { what: '3 of its requests dropped, reconnecting with CONNECTION_FAILED', check: (c) => c.mine('drop').length === 3 && c.reconnectedWith('CONNECTION_FAILED') },
  },
  {
    name: 'every response slowed by 300 ms (under the timeout)',
    inject: ({ sim }) => sim.faults.delayResponses(300),
    during: (c) => until(() => c.mine('delay', 'event.from').length >= 2, 'two slowed event.from of the client', 15_000),
    felt: { what: 'its event.from calls held 300 ms each', check: (c) => c.mine('delay', 'event.from').filter((h) => (h.heldMs ?? 0) >= 290).length >= 2 },
  },
  {
    name: 'event.from hung beyond the client HTTP timeout (11 s)',
    inject: ({ sim }) => sim.faults.delayResponses(60_000, { methods: ['event.from'] }),
    during: (c) => until(() => c.reconnectedWith('CONNECTION_TIMEOUT'), 'the call timeout', 20_000),
    felt: { what: 'its event.from held until it gave up (CONNECTION_TIMEOUT), then continued from its token', check: (c) => c.reconnectedWith('CONNECTION_TIMEOUT') && c.mine('delay', 'event.from').some((h) => (h.heldMs ?? 0) >= 10_000) && c.loads() === 1 },
  },
  {
    name: 'HTTP 500 on event.from twice',
    inject: ({ sim }) => sim.faults.failMethod('event.from', { httpStatus: 500, count: 2 }),
    during: (c) => until(() => c.mine('fail', 'event.from').length === 2, 'both 500s', 15_000),
    felt: { what: 'both 500s answered to it, reconnecting with HTTP_ERROR, then continued from its token', check: (c) => c.mine('fail', 'event.from').length === 2 && c.reconnectedWith('HTTP_ERROR') && c.loads() === 1 },
  },
  {
    name: 'EVENTS_LOST once from event.from',
    inject: ({ sim }) => sim.faults.failMethod('event.from', { code: 'EVENTS_LOST', count: 1 }),
    during: (c) => until(() => c.mine('fail', 'event.from').length === 1, 'the EVENTS_LOST', 15_000),
    felt: { what: 'the EVENTS_LOST answered to it, then a full resync (a second load from "")', check: (c) => c.mine('fail', 'event.from').length === 1 && c.loads() >= 2 },
  },
  {
    name: 'tokens expired (old token -> EVENTS_LOST)',
    inject: ({ sim }) => sim.faults.expireTokens(),
    during: (c) => until(() => c.loads() >= 2, 'the resync', 15_000),
    // Only the product calls event.from, and only a refused token makes it load from "" again.
    felt: { what: 'a full resync without a login (a second load from "")', check: (c) => c.loads() >= 2 && c.newLogins() === 0 },
  },
  {
    name: 'toolstack restart, down 800 ms (sessions gone)',
    inject: (ctx) => { ctx.pending.push(ctx.sim.faults.restart({ downMs: 800 })); },
    clear: async (ctx) => { await Promise.all(ctx.pending); await ctx.sim.faults.clearFaults(); },
    felt: { what: 'reconnecting with CONNECTION_FAILED, a new login of its own, then a full resync', check: (c) => c.reconnectedWith('CONNECTION_FAILED') && c.newLogins() >= 1 && c.loads() >= 2 },
  },
  {
    name: 'toolstack restart, no downtime',
    inject: (ctx) => { ctx.pending.push(ctx.sim.faults.restart()); },
    felt: { what: 'its connection cut, a new login of its own, then a full resync', check: (c) => c.reconnectedWith('CONNECTION_FAILED') && c.newLogins() >= 1 && c.loads() >= 2 },
  },
  {
    name: 'switchCoordinator to 127.0.0.2 (HOST_IS_SLAVE from the old one)',
    inject: ({ sim }) => sim.faults.switchCoordinator(hostAt(sim, '127.0.0.2')),
    during: (c) => until(() => endedOn(c, '127.0.0.2'), 'the client on the new coordinator', 15_000),
    felt: { what: 'HOST_IS_SLAVE answered to it, and it ended on 127.0.0.2 with a full resync', check: (c) => c.mine('host_is_slave').length >= 1 && endedOn(c, '127.0.0.2') && c.loads() >= 2 },
  },
  {
    name: 'killCoordinator (127.0.0.1 dies, 127.0.0.2 takes over after 1 s)',
    inject: (ctx) => { ctx.pending.push(ctx.sim.faults.killCoordinator({ newCoordinator: hostAt(ctx.sim, '127.0.0.2'), delayMs: 1_000 })); },
    // The dead coordinator stays dead: the client must find the new one by itself.
    clear: async (ctx) => { await Promise.all(ctx.pending); },
    felt: { what: 'reconnecting with CONNECTION_FAILED, a login of its own at 127.0.0.2, a full resync', check: (c) => c.reconnectedWith('CONNECTION_FAILED') && endedOn(c, '127.0.0.2') && c.newLogins() >= 1 && c.loads() >= 2 },
  },
  {
    name: 'killCoordinator, then the old coordinator returns as a member',
    inject: (ctx) => { ctx.pending.push(ctx.sim.faults.killCoordinator({ newCoordinator: hostAt(ctx.sim, '127.0.0.3'), delayMs: 500 })); },
    clear: async (ctx) => { await Promise.all(ctx.pending); await ctx.sim.faults.clearFaults(); },
    felt: { what: 'reconnecting with CONNECTION_FAILED, a login of its own at 127.0.0.3, a full resync', check: (c) => c.reconnectedWith('CONNECTION_FAILED') && endedOn(c, '127.0.0.3') && c.newLogins() >= 1 && c.loads() >= 2 },
  },
];

describe('convergence after every fault', () => {
  for (const k of CASES) {
    if (k.clientBug) it.fails(`${k.name} [client bug: ${k.clientBug}]`, () => runCase(k, 5_000), 60_000);
    else it(k.name, () => runCase(k, 30_000), 60_000);
  }
});
