// pool.join from a standalone host of one simulator to the pool of another (separate databases,
// networks and ports): the joiner logs in over HTTP on loopback, makes the pre-join checks against
// what that pool answers, and becomes a member there. Checked through XAPI on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { login, rpc } from '../support/xapi-rpc';

type Rec = Record<string, unknown>;
let a: Simulator;
let b: Simulator;
beforeAll(async () => {
  a = await startSimulator({ port: 0, hosts: 2, vms: 2, taskDurationMs: 100, standaloneHosts: 1, metricsIntervalMs: 0 });
  b = await startSimulator({ port: 0, hosts: 2, vms: 0, taskDurationMs: 100, metricsIntervalMs: 0 });
});
afterAll(async () => { await a?.close(); await b?.close(); });

const names = async (url: string, cls: 'host' | 'VM') => {
  const s = await login(url);
  return Object.values(await rpc(url, `${cls}.get_all_records`, s) as Record<string, Rec>);
};

describe('pool.join between two simulator processes', () => {
  it('refuses a wrong password, an address off loopback and one nothing serves, as the coordinator or the network answers', async () => {
    const lone = a.standalone[0].url;
    const s = await login(lone);
    await expect(rpc(lone, 'pool.join', s, `127.0.0.1:${b.port}`, 'root', 'wrong')).rejects.toMatchObject({ code: 'SESSION_AUTHENTICATION_FAILED' });
    await expect(rpc(lone, 'pool.join', s, '10.0.0.1', 'root', 'xenroot')).rejects.toMatchObject({ code: 'JOINING_HOST_CONNECTION_FAILED' });
    await expect(rpc(lone, 'pool.join', s, '127.0.0.1:1', 'root', 'xenroot')).rejects.toMatchObject({ code: 'JOINING_HOST_CONNECTION_FAILED' });
    expect((await names(`http://127.0.0.1:${b.port}`, 'host')).length).toBe(2);
  });

  it('joins: the host and its VMs are in the other pool, enabled once up; its address then answers HOST_IS_SLAVE', async () => {
    const lone = a.standalone[0].url;
    const s = await login(lone);
    const [me] = Object.values(await rpc(lone, 'host.get_all_records', s) as Record<string, Rec>);
    const myVms = (await names(lone, 'VM')).filter((v) => !v.is_control_domain && !v.is_a_template).map((v) => v.name_label).sort();
    expect(myVms.length).toBeGreaterThan(0);
    expect(await rpc(lone, 'pool.join', s, `127.0.0.1:${b.port}`, 'root', 'xenroot')).toBe('');

    const bUrl = `http://127.0.0.1:${b.port}`;
    await expect.poll(async () => (await names(bUrl, 'host')).find((h) => h.uuid === me.uuid)?.enabled, { timeout: 5000 }).toBe(true);
    const there = (await names(bUrl, 'VM')).filter((v) => !v.is_control_domain && !v.is_a_template).map((v) => v.name_label).sort();
    expect(there).toEqual(myVms);
    await expect.poll(() => login(lone).then(() => 'logged in', (e: { code?: string; params?: string[] }) => `${e.code} ${e.params?.[0]}`), { timeout: 5000 })
      .toBe(`HOST_IS_SLAVE 127.0.0.1:${b.port}`);
  });
});
