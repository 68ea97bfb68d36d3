// Credentials go only where the user sent them: pool.join (the pool's password to the joining
// server) and vm.crossPoolMigrate (a session on the destination to the source pool) are refused
// unless both connections are live and logged in, and, with a confirmation hook (Electron's native
// dialog), unless the user agrees to the named servers. Checked through XAPI from outside.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import type { CredentialUse } from '../../electron/core/pool/credential-guard';
import { login as rpcLogin, rpc } from '../support/xapi-rpc';
import { ok, until } from '../support/core-harness';

type Rec = Record<string, unknown>;
let sim: Simulator | undefined;
let core: AppCore | undefined;
afterEach(async () => { await core?.dispose(); await sim?.close(); core = undefined; sim = undefined; });

async function setUp(confirm?: (u: CredentialUse) => Promise<boolean>) {
  sim = await startSimulator({ port: 0, hosts: 2, vms: 4, taskDurationMs: 50, standaloneHosts: 1, metricsIntervalMs: 0 });
  const s = sim;
  core = new AppCore({
    flushIntervalMs: 10, eventTimeoutS: 5, backoffBaseMs: 50, backoffMaxMs: 200,
    ...(confirm ? { confirmCredentialUse: confirm } : {}),
    startDemoPool: async () => ({ url: s.url, user: 'root', password: 'xenroot', standaloneUrls: s.standalone.map((x) => x.url) }),
  });
  const c = core;
  const { connectionId: pool } = ok<{ connectionId: string }>(await c.request('servers.demo', {}));
  const lone = c.connectionInfos().find((x) => x.id !== pool)!.id;
  await until(() => c.connectionInfos().every((x) => x.status === 'connected') && c.connection(pool)!.cache.getAll('pif').size > 0
    && c.connection(lone)!.cache.getAll('pif').size > 0 && c.connection(pool)!.cache.getAll('pool').size === 1, 'both connected');
  return { core: c, sim: s, pool, lone };
}

const hostCount = async (url: string) => Object.keys(await rpc(url, 'host.get_all_records', await rpcLogin(url)) as Rec).length;

function migration(c: AppCore, pool: string, lone: string) {
  const src = c.connection(pool)!.cache;
  const dst = c.connection(lone)!.cache;
  const [vmRef, vm] = [...src.getAll('vm')].find(([, v]) => v.power_state === 'Running' && v.is_control_domain === false && v.is_a_template === false)!;
  const disks = (vm.VBDs as string[]).map((b) => src.get('vbd', b)!).filter((b) => b.type === 'Disk').map((b) => String(b.VDI));
  const [hostRef] = [...dst.getAll('host').keys()];
  const [srRef] = [...dst.getAll('sr')].find(([, x]) => x.content_type === 'user')!;
  const [netRef] = [...dst.getAll('network')].find(([, n]) => n.bridge === 'xenbr0')!;
  return { vmRef, vm, req: { connectionId: pool, vmRef, destConnectionId: lone, hostRef, vdiMap: Object.fromEntries(disks.map((d) => [d, srRef])), vifMap: Object.fromEntries((vm.VIFs as string[]).map((v) => [v, netRef])) } };
}

describe('credentials go only where the user sent them', () => {
  it('refuses a join or a migration when either connection is not live and logged in, before any call', async () => {
    const confirm = vi.fn(async () => true);
    const { core: c, sim: s, pool, lone } = await setUp(confirm);
    const m = migration(c, pool, lone);
    await c.request('servers.disconnect', { connectionId: pool });
    const join = await c.request('pool.join', { connectionId: lone, poolConnectionId: pool });
    expect(join).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_USE_REFUSED' } });
    expect(join.ok ? '' : join.error.message).toMatch(/is not connected and logged in \(disconnected\)/);
    await c.request('servers.reconnect', { connectionId: pool });
    await c.request('servers.disconnect', { connectionId: lone });
    expect(await c.request('vm.crossPoolMigrate', m.req)).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_USE_REFUSED' } });
    expect(await c.request('pool.join', { connectionId: lone, poolConnectionId: pool })).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_USE_REFUSED' } });
    // The user was never asked, nothing moved.
    expect(confirm).not.toHaveBeenCalled();
    expect(await hostCount(s.url)).toBe(2);
    expect(await rpc(s.url, 'VM.get_uuid', await rpcLogin(s.url), m.vmRef)).toBe(m.vm.uuid);
  });

  it('the user declining the confirmation that names both servers stops the join and the migration', async () => {
    const confirm = vi.fn(async (_u: CredentialUse) => false);
    const { core: c, sim: s, pool, lone } = await setUp(confirm);
    const join = await c.request('pool.join', { connectionId: lone, poolConnectionId: pool });
    expect(join).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_USE_DECLINED' } });
    const poolAddr = new URL(s.url).host;
    const loneAddr = new URL(s.standalone[0].url).host;
    const poolName = [...c.connection(pool)!.cache.getAll('pool').values()][0].name_label;
    expect(confirm).toHaveBeenLastCalledWith({ operation: 'pool.join', from: { address: poolAddr, poolName }, to: { address: loneAddr, poolName: expect.any(String) } });
    const m = migration(c, pool, lone);
    expect(await c.request('vm.crossPoolMigrate', m.req)).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_USE_DECLINED' } });
    // The destination's session would go to the source pool.
    expect(confirm).toHaveBeenLastCalledWith(expect.objectContaining({ operation: 'vm.crossPoolMigrate', from: expect.objectContaining({ address: loneAddr }), to: { address: poolAddr, poolName } }));
    expect(await hostCount(s.url)).toBe(2);
    expect(await rpc(s.url, 'VM.get_uuid', await rpcLogin(s.url), m.vmRef)).toBe(m.vm.uuid);
    // migrate_receive was never called: the standalone server made no session for a sender.
    expect([...s.standalone[0].records('session').values()].filter((x) => x.parent !== 'OpaqueRef:NULL')).toEqual([]);
  });

  it('goes on once the user agrees: a migration', async () => {
    const confirm = vi.fn(async (_u: CredentialUse) => true);
    const { core: c, pool, lone } = await setUp(confirm);
    const m = migration(c, pool, lone);
    const { taskRef } = ok<{ taskRef: string }>(await c.request('vm.crossPoolMigrate', m.req));
    const task = await until(() => { const t = c.connection(pool)!.cache.get('task', taskRef); return t && t.status !== 'pending' && t; }, 'the migration');
    expect(task.status).toBe('success');
    expect(confirm.mock.calls.map(([u]) => u.operation)).toEqual(['vm.crossPoolMigrate']);
  });

  it('goes on once the user agrees: a join', async () => {
    const confirm = vi.fn(async (_u: CredentialUse) => true);
    const { core: c, sim: s, pool, lone } = await setUp(confirm);
    // What the client can refuse by itself is refused without asking the user.
    expect(await c.request('pool.join', { connectionId: pool, poolConnectionId: lone })).toMatchObject({ ok: false, error: { code: 'JOINING_HOST_CANNOT_BE_MASTER_OF_OTHER_HOSTS' } });
    const m = migration(c, pool, lone);
    expect(await c.request('vm.crossPoolMigrate', { ...m.req, hostRef: 'OpaqueRef:nowhere' })).toMatchObject({ ok: false, error: { code: 'HANDLE_INVALID' } });
    expect(confirm).not.toHaveBeenCalled();
    ok(await c.request('pool.join', { connectionId: lone, poolConnectionId: pool }));
    await until(async () => (await hostCount(s.url)) === 3, 'the server joined');
    expect(confirm.mock.calls.map(([u]) => u.operation)).toEqual(['pool.join']);
  });

  it('with a confirmation dialog, the pre-migration check makes no destination session unasked (the migration asks)', async () => {
    const confirm = vi.fn(async () => true);
    const { core: c, sim: s, pool, lone } = await setUp(confirm);
    const m = migration(c, pool, lone);
    const sessions = () => s.standalone[0].records('session').size;
    const before = sessions();
    expect(before).toBeGreaterThan(0); // the core's own login there
    const r = await c.request('vm.crossPoolMigrateCheck', m.req);
    expect(r).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_USE_UNCONFIRMED' } });
    expect(confirm).not.toHaveBeenCalled();
    expect(sessions()).toBe(before);
  });
});
