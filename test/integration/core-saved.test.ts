// Saved servers: the list persists (without passwords in clear), restores after an unlock,
// forget/export/import/connectAll/disconnectAll/Reconnect As; and a user action cut by a network
// fault is reported as "outcome unknown", never repeated.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import { mainPasswordSecretStore } from '../../electron/core/secrets/secret-store';
import type { ConnectionInfo, Envelope } from '../../shared/ipc/contract';

const PASSWORD = 'Sup3r-Secret-Server-pw';
const MAIN = 'my main password 123';
const cheap = mainPasswordSecretStore({ cost: { N: 2 ** 10, r: 8, p: 1 } });

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
async function ok<T>(p: Promise<Envelope<unknown>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
const info = (core: AppCore, id: string): ConnectionInfo | undefined => core.connectionInfos().find((c) => c.id === id);
const readSettings = async (dir: string) => JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));

describe('saved servers', () => {
  let sim: Simulator;
  let dir: string;
  let dir2: string;
  const cores: AppCore[] = [];
  const newCore = (d: string): AppCore => {
    const c = new AppCore({ settingsDir: d, secretStore: cheap, flushIntervalMs: 10, poolMembersSaveDelayMs: 50, backoffBaseMs: 50, backoffMaxMs: 300 });
    cores.push(c);
    return c;
  };
  let id = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-saved-'));
    dir2 = await mkdtemp(join(tmpdir(), 'xc-saved2-'));
    sim = await startSimulator({ hosts: 3, vms: 6, password: PASSWORD, taskDurationMs: 50 });
  });
  afterAll(async () => {
    for (const c of cores) await c.dispose();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(dir2, { recursive: true, force: true });
  });

  it('add: the file has the server, its pool members and an encrypted password, never the password in clear', async () => {
    const core = newCore(dir);
    expect(await ok(core.request('settings.status', {}))).toEqual({ passwordStorage: 'main-password-unset' });
    expect(await ok(core.request('settings.setMainPassword', { password: 'short' })).catch((e: Error) => e.message)).toMatch(/MAIN_PASSWORD_TOO_SHORT/);
    expect(await ok(core.request('settings.setMainPassword', { password: MAIN }))).toEqual({ passwordStorage: 'main-password-unlocked' });
    const states: ConnectionInfo[] = [];
    core.subscribe((e) => { if (e.channel === 'connection.state') states.push(e.payload as ConnectionInfo); });
    ({ connectionId: id } = await ok<{ connectionId: string }>(core.request('servers.add', { address: sim.url, user: 'root', password: PASSWORD, friendlyName: 'Lab pool' })));
    await until(() => info(core, id)?.status === 'connected', 'connected');
    // The page first sees the new server connecting, saved and named: never "disconnected" on the way.
    expect(states.filter((st) => st.id === id)[0]).toMatchObject({ status: 'connecting', saved: true, hasStoredPassword: true, friendlyName: 'Lab pool' });
    expect(states.some((st) => st.id === id && st.status === 'disconnected')).toBe(false);
    expect(info(core, id)).toMatchObject({ saved: true, hasStoredPassword: true, friendlyName: 'Lab pool' });
    let file = await readSettings(dir);
    expect(file.servers).toEqual([expect.objectContaining({ id, url: sim.url, user: 'root', friendlyName: 'Lab pool' })]);
    expect(typeof file.secrets.entries[id]).toBe('string');
    const deadline = Date.now() + 5000;
    while (file.servers[0].poolMembers.length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      file = await readSettings(dir);
    }
    expect(file.servers[0].poolMembers).toHaveLength(3);
    const bytes = await readFile(join(dir, 'settings.json'));
    for (const secret of [PASSWORD, MAIN]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
    await core.dispose();
  });

  it('restart: listed as saved and disconnected; after unlock it reconnects by itself', async () => {
    const core = newCore(dir);
    await core.start();
    expect(info(core, id)).toMatchObject({ status: 'disconnected', saved: true, hasStoredPassword: true, friendlyName: 'Lab pool' });
    expect(info(core, id)!.poolMembers).toHaveLength(3);
    expect(await ok(core.request('settings.status', {}))).toEqual({ passwordStorage: 'main-password-locked' });
    const wrong = await core.request('settings.unlock', { password: 'not the main password' });
    expect(wrong.ok ? '' : wrong.error.code).toBe('MAIN_PASSWORD_INCORRECT');
    // Connect All while locked: left disconnected, with the reason.
    await ok(core.request('servers.connectAll', {}));
    expect(info(core, id)).toMatchObject({ status: 'failed', error: { code: 'PASSWORD_NEEDED' } });
    expect(await ok(core.request('settings.unlock', { password: MAIN }))).toEqual({ passwordStorage: 'main-password-unlocked' });
    await until(() => info(core, id)?.status === 'connected', 'reconnected after unlock');
  });

  it('disconnectAll / connectAll', async () => {
    const core = cores.at(-1)!;
    await ok(core.request('servers.disconnectAll', {}));
    expect(info(core, id)?.status).toBe('disconnected');
    expect(info(core, id)?.saved).toBe(true);
    await ok(core.request('servers.connectAll', {}));
    await until(() => info(core, id)?.status === 'connected', 'connected again');
  });

  it('Reconnect As with a wrong password: SESSION_AUTHENTICATION_FAILED, the saved entry unchanged; Reconnect uses the stored one', async () => {
    const core = cores.at(-1)!;
    const before = await readFile(join(dir, 'settings.json'), 'utf8');
    const r = await core.request('servers.reconnect', { connectionId: id, user: 'root', password: 'wrong-password' });
    expect(r.ok ? '' : r.error.code).toBe('SESSION_AUTHENTICATION_FAILED');
    expect(info(core, id)).toMatchObject({ status: 'failed', user: 'root', error: { code: 'SESSION_AUTHENTICATION_FAILED' } });
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe(before);
    await ok(core.request('servers.reconnect', { connectionId: id }));
    await until(() => info(core, id)?.status === 'connected', 'reconnected with the stored password');
  });

  it('a user action cut by a network fault is reported as outcome unknown and not repeated', async () => {
    const core = cores.at(-1)!;
    const conn = core.connection(id)!;
    await until(() => conn.cache.getAll('vm').size > 0, 'VMs in the cache');
    const halted = [...sim.records('VM')].find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Halted');
    expect(halted).toBeDefined();
    const vmRef = halted![0];
    const tasksBefore = sim.records('task').size;
    // Let the event loop park in its long poll, so the drop hits the action.
    await new Promise((r) => setTimeout(r, 300));
    sim.faults.dropNextConnections(1);
    const r = await core.request('xapi.callAsync', { connectionId: id, method: 'VM.start', args: [vmRef, false, false] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(['CONNECTION_FAILED', 'CONNECTION_TIMEOUT']).toContain(r.error.code);
      expect(r.error.message).toContain('The connection was lost before the server answered; the action may or may not have run. Check the object\'s state before retrying.');
    }
    expect(sim.faults.state().dropNext).toBe(0);
    await new Promise((r2) => setTimeout(r2, 500));
    // Not retried behind the user's back: no task, the VM still halted.
    expect(sim.records('task').size).toBe(tasksBefore);
    expect(sim.records('VM').get(vmRef)!.power_state).toBe('Halted');
    await until(() => info(core, id)?.status === 'connected', 'still connected');
  });

  it('export -> import into a fresh settings directory; duplicates skipped; bad input changes nothing', async () => {
    const core = cores.at(-1)!;
    const { json } = await ok<{ json: string }>(core.request('servers.export', {}));
    const exported = JSON.parse(json);
    expect(exported).toEqual({ format: 'xenclient-servers', version: 1, servers: [{ url: sim.url, user: 'root', friendlyName: 'Lab pool', poolMembers: expect.any(Array) }] });
    expect(json).not.toContain(id);
    expect(json).not.toContain(PASSWORD);

    const fresh = newCore(dir2);
    expect(await ok(fresh.request('servers.import', { json }))).toEqual({ added: 1, skipped: 0 });
    expect(await ok(fresh.request('servers.import', { json }))).toEqual({ added: 0, skipped: 1 });
    const listed = fresh.connectionInfos();
    expect(listed).toEqual([expect.objectContaining({ url: sim.url, user: 'root', friendlyName: 'Lab pool', status: 'disconnected', saved: true, hasStoredPassword: false })]);
    expect((await readSettings(dir2)).servers).toHaveLength(1);

    const before = await readFile(join(dir2, 'settings.json'), 'utf8');
    const bad = await fresh.request('servers.import', { json: JSON.stringify({ ...exported, servers: [...exported.servers, { url: 'h2', user: 'root', password: 'x' }] }) });
    expect(bad.ok ? '' : bad.error.code).toBe('IMPORT_INVALID');
    expect(bad.ok ? '' : bad.error.message).toMatch(/unexpected field "password".*Nothing was changed/);
    expect(await readFile(join(dir2, 'settings.json'), 'utf8')).toBe(before);
    expect(fresh.connectionInfos()).toHaveLength(1);

    // No password stored there: Connect All leaves it with "Password needed".
    await ok(fresh.request('servers.connectAll', {}));
    expect(fresh.connectionInfos()[0]).toMatchObject({ status: 'failed', error: { code: 'PASSWORD_NEEDED' } });
    // Reconnect As with the password connects it.
    await ok(fresh.request('servers.reconnect', { connectionId: listed[0].id, user: 'root', password: PASSWORD }));
    await until(() => fresh.connectionInfos()[0].status === 'connected', 'connected');
  });

  it('forget: gone from the list and the file (password too); pins are kept', async () => {
    const core = cores.at(-2)!;
    await ok(core.request('servers.forget', { connectionId: id }));
    expect(info(core, id)).toBeUndefined();
    const file = await readSettings(dir);
    expect(file.servers).toEqual([]);
    expect(file.secrets.entries).toEqual({});
    const gone = await core.request('servers.forget', { connectionId: id });
    expect(gone.ok ? '' : gone.error.code).toBe('UNKNOWN_CONNECTION');
  });

  it('add with save:false keeps nothing', async () => {
    const core = cores.at(-2)!;
    const { connectionId } = await ok<{ connectionId: string }>(core.request('servers.add', { address: sim.url, user: 'root', password: PASSWORD, save: false }));
    expect(info(core, connectionId)?.saved).toBe(false);
    expect((await readSettings(dir)).servers).toEqual([]);
  });
});
