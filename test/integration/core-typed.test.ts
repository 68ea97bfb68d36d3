// TypedXapi against the simulator: typed calls, Async. calls with decoded task results
// (void → '', refs, errors, cancel), over JSON-RPC and over XML-RPC, with the polling waiter and
// with the cache waiter of a Connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login, SessionClient } from '../../electron/core/xapi/session';
import { TypedXapi, cacheTaskWaiter } from '../../electron/core/xapi/typed-client';
import { XapiError } from '../../electron/core/xapi/errors';
import { Connection } from '../../electron/core/connection/connection';

let sim: Simulator;
let slow: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ hosts: 2, vms: 40, taskDurationMs: 150 });
  slow = await startSimulator({ hosts: 1, vms: 12, taskDurationMs: 10_000 });
});
afterAll(async () => {
  await sim?.close();
  await slow?.close();
});

/** A halted VM of the demo pool that no earlier test touched (clones are named "copy…"). */
function freshVm(s: Simulator): string {
  const found = [...s.records('VM')].find(([, v]) => v.power_state === 'Halted' && !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot && !String(v.name_label).startsWith('copy'));
  if (!found) throw new Error('no halted VM left in the demo pool');
  return found[0];
}

async function typedSession(s: Simulator, protocol: 'jsonrpc' | 'xmlrpc'): Promise<{ x: TypedXapi; session: SessionClient }> {
  const r = await login(s.url, 'root', 'xenroot', { protocol });
  const session = new SessionClient(r.client, r.sessionRef);
  return { x: TypedXapi.fromSession(session, { pollIntervalMs: 50 }), session };
}

describe.each(['jsonrpc', 'xmlrpc'] as const)('TypedXapi over %s', (protocol) => {
  it('typed call, callAsync start (void → \'\'), clone (new ref), failure and cancel', async () => {
    const { x, session } = await typedSession(sim, protocol);
    const slowSession = await typedSession(slow, protocol);
    try {
      const vm = freshVm(sim);
      const rec = await x.call('VM.get_record', vm);
      expect(rec.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(rec.power_state).toBe('Halted');
      expect(typeof rec.memory_static_max).toBe('number');
      expect(typeof rec.VCPUs_max).toBe('number');

      // clone first (needs Halted): the result is the new VM's ref, and that VM exists.
      const clone = await x.callAsync('VM.clone', vm, `copy over ${protocol}`);
      expect(clone.taskRef).toMatch(/^OpaqueRef:/);
      const newVm = await clone.result;
      expect(newVm).toMatch(/^OpaqueRef:/);
      expect(newVm).not.toBe(vm);
      expect((await x.call('VM.get_record', newVm)).name_label).toBe(`copy over ${protocol}`);
      expect(sim.records('VM').has(newVm)).toBe(true);
      // The task was destroyed after its result was read.
      await expect.poll(() => sim.records('task').has(clone.taskRef)).toBe(false);

      const start = await x.callAsync('VM.start', vm, false, false);
      expect(start.taskRef).toMatch(/^OpaqueRef:/);
      await expect(start.result).resolves.toBe('');
      expect(await x.call('VM.get_power_state', vm)).toBe('Running');

      const again = await x.callAsync('VM.start', vm, false, false);
      const err = await again.result.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(XapiError);
      expect(err).toMatchObject({ code: 'VM_BAD_POWER_STATE', params: [vm, 'halted', 'running'], fromServer: true });

      // The same error from the synchronous call.
      await expect(x.call('VM.start', vm, false, false)).rejects.toMatchObject({ code: 'VM_BAD_POWER_STATE', params: [vm, 'halted', 'running'] });

      // Cancel, on a simulator whose power operations take 10 s.
      const slowVm = freshVm(slow); // still Halted afterwards: the start is cancelled
      const t0 = Date.now();
      const long = await slowSession.x.callAsync('VM.start', slowVm, false, false);
      await new Promise((r) => setTimeout(r, 200));
      await long.cancel();
      const cancelled = await long.result.catch((e: unknown) => e);
      expect(cancelled).toBeInstanceOf(XapiError);
      expect(cancelled).toMatchObject({ code: 'TASK_CANCELLED', params: [long.taskRef] });
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(await slowSession.x.call('VM.get_power_state', slowVm)).toBe('Halted');
    } finally {
      await session.logout();
      session.close();
      await slowSession.session.logout();
      slowSession.session.close();
    }
  });
});

describe('TypedXapi on a Connection', () => {
  it('waits for tasks through the connection cache (event.from), no polling calls', async () => {
    const conn = new Connection({ id: 'typed', url: sim.url, user: 'root', password: 'xenroot', eventTimeoutS: 5 });
    try {
      await conn.connect();
      const calls: string[] = [];
      const x = new TypedXapi((m, a) => { calls.push(m); return conn.call(m, a); }, { waitForTask: cacheTaskWaiter(conn.cache, 25) });
      const vm = freshVm(sim);
      const { result } = await x.callAsync('VM.clone', vm, 'copy via cache');
      const ref = await result;
      expect(ref).toMatch(/^OpaqueRef:/);
      expect(sim.records('VM').get(ref)?.name_label).toBe('copy via cache');
      expect(calls).not.toContain('task.get_record');
    } finally {
      await conn.disconnect();
    }
  });
});
