// Small helpers for integration tests that drive AppCore against a simulator: wait for a
// condition, unwrap a request's envelope, add a server, record bridge events, and tear down.
import type { AppCore } from '../../electron/core/app-core';
import type { Simulator } from '../../simulator/index';
import type { BridgeEvent, Envelope } from '../../shared/ipc/contract';

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

/** Adds the server at `url` as root/xenroot (not saved) through servers.add; its connection id. */
export async function addServer(core: AppCore, url: string): Promise<string> {
  return ok<{ connectionId: string }>(await core.request('servers.add', { address: url, user: 'root', password: 'xenroot', save: false })).connectionId;
}

/** Disposes the core, then closes the simulator (afterEach). */
export async function closeCoreAndSimulator(core: AppCore, sim: Simulator): Promise<void> {
  await core.dispose();
  await sim.close();
}
