// Small helpers for integration tests that drive AppCore against a simulator: wait for a
// condition, unwrap a request's envelope, add a server, record bridge events, and tear down.
import { afterEach, beforeEach } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index';
import { login } from './xapi-rpc';
import type { BridgeEvent, CacheDelta, Envelope } from '../../shared/ipc/contract';

/** Polls `fn` every 20 ms until it returns something truthy; throws "timed out waiting for <what>" after `ms`. */
export async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The result of a successful envelope; a failed one throws "<code> <params>: <message>". */
export const ok = <T>(env: Envelope<unknown>): T => {
  if (!env.ok) throw new Error(`${env.error.code} ${env.error.params.join(' ')}: ${env.error.message}`);
  return env.result as T;
};

/** Every bridge event the core sends from now on, in order, in an array that fills as they come. */
export function recordEvents(core: AppCore): BridgeEvent[] {
  const events: BridgeEvent[] = [];
  core.subscribe((e) => events.push(e));
  return events;
}

/**
 * A task's final record as the renderer receives it: the first cache.delta change carrying a final
 * status. Read from the events, not the cache: main destroys its own tasks as soon as they end, so
 * a poll of the cache can miss the moment the final record is there.
 */
export function taskEnd(events: BridgeEvent[], taskRef: string, ms = 20_000): Promise<Record<string, unknown>> {
  return until(() => {
    for (const e of events) {
      if (e.channel !== 'cache.delta') continue;
      for (const ch of (e.payload as CacheDelta).changes) {
        const st = ch.record?.status;
        if (ch.cls === 'task' && ch.ref === taskRef && (st === 'success' || st === 'failure')) return ch.record;
      }
    }
    return undefined;
  }, `the end of ${taskRef}`, ms);
}

/** Adds the server at `url` as root/xenroot (not saved) through servers.add; its connection id. */
export async function addServer(core: AppCore, url: string): Promise<string> {
  return ok<{ connectionId: string }>(await core.request('servers.add', { address: url, user: 'root', password: 'xenroot', save: false })).connectionId;
}

/** Disposes the core, then closes the simulator (afterEach). */
export async function closeCoreAndSimulator(core: AppCore, sim: Simulator): Promise<void> {
  await core.dispose();
  await sim.close();
}

/** A simulator started with `opts`, an AppCore connected to it with its cache loaded, and a raw
 * session for checking the server's state from outside the product. */
export async function coreOnSimulator(opts: SimulatorOptions): Promise<{ sim: Simulator; core: AppCore; conn: string; session: string }> {
  const sim = await startSimulator(opts);
  const core = new AppCore({ flushIntervalMs: 10, eventTimeoutS: 5 });
  const conn = await addServer(core, sim.url);
  const session = await login(sim.url);
  // Loaded whole (both parts of the first load: the tree's classes, then VIFs, consoles, metrics...).
  await until(() => (core.connection(conn)?.fullLoads ?? 0) > 0, 'the cache');
  return { sim, core, conn, session };
}

/** What each test of a file gets from eachCoreOnSimulator. */
export interface CoreFixture { sim: Simulator; core: AppCore; conn: string; session: string; events: BridgeEvent[] }

/**
 * For a file whose every test runs on its own simulator started with `opts` and an AppCore on it
 * (coreOnSimulator), recording the core's events from the start: registers the beforeEach that
 * starts them and hands them to `use` (which sets the file's variables), and the afterEach that
 * closes them.
 */
export function eachCoreOnSimulator(opts: SimulatorOptions, use: (f: CoreFixture) => void): void {
  let f: CoreFixture | undefined;
  beforeEach(async () => {
    const started = await coreOnSimulator(opts);
    f = { ...started, events: recordEvents(started.core) };
    use(f);
  });
  afterEach(async () => {
    if (f) await closeCoreAndSimulator(f.core, f.sim);
    f = undefined;
  });
}
