// A 1,000-VM pool through a real Connection (shared/first-load.ts): the first delta is the staged
// form, the slices follow while another client changes things, and the renderer's store ends with
// exactly main's cache; the first message is a fraction of the whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { Connection } from '../../electron/core/connection/connection';
import { createAppStore } from '../../renderer/src/state/store';
import type { CacheDelta } from '../../shared/ipc/contract';
import { login, rpc } from '../support/xapi-rpc';

let sim: Simulator;
beforeAll(async () => { sim = await startSimulator({ port: 0, hosts: 16, vms: 1000, taskDurationMs: 0, rrdIntervalMs: 0, metricsIntervalMs: 0 }); });
afterAll(async () => { await sim?.close(); });

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('staged load of a 1,000-VM pool', () => {
  it('tree first, full records after, and the renderer ends equal to main\'s cache despite changes meanwhile', async () => {
    const store = createAppStore();
    const deltas: CacheDelta[] = [];
    const conn = new Connection({ id: 'c1', url: sim.url, user: 'root', password: 'xenroot', onDelta: (d) => { deltas.push(d); store.getState().applyDelta(d); } });
    try {
      await conn.connect();
      await until('the first delta', () => deltas.length > 0);
      const first = deltas[0];
      expect(first.reset).toBe(true);
      expect(first.loading).toBe(true);
      expect(first.short?.find((t) => t.cls === 'vm')?.rows.length).toBe(sim.records('VM').size);
      // Another client changes things while the slices are on their way.
      const session = await login(sim.url);
      const vms = [...sim.records('VM').entries()].filter(([, v]) => !v.is_a_template && !v.is_control_domain);
      await rpc(sim.url, 'VM.set_name_label', session, vms[0][0], 'renamed mid-load');
      await rpc(sim.url, 'VM.set_name_description', session, vms[1][0], 'described mid-load');
      await until('the last slice', () => deltas.at(-1)?.loading === false, 30_000);
      await until('the rename', () => store.getState().objects.get('c1')?.get('vm')?.get(vms[0][0])?.name_label === 'renamed mid-load');
      await until('the description', () => conn.cache.get('vm', vms[1][0])?.name_description === 'described mid-load');
      await new Promise((r) => setTimeout(r, 200)); // the last coalesced flush
      const mine: Record<string, unknown> = {};
      for (const [cls, m] of store.getState().objects.get('c1')!) if (m.size) mine[cls] = Object.fromEntries(m);
      const main: Record<string, unknown> = {};
      for (const cls of conn.cache.classes()) if (cls !== 'session') main[cls] = Object.fromEntries(conn.cache.getAll(cls));
      expect(mine).toEqual(main);
      expect(store.getState().loading.has('c1')).toBe(false);
      // The first message is a fraction of everything the renderer ends up with.
      expect(JSON.stringify(first).length * 3).toBeLessThan(JSON.stringify(main).length);
    } finally {
      await conn.disconnect();
      conn.dispose();
    }
  });
});
