// Saved passwords are bound to their server (id, URL, user name): editing settings.json so that a
// saved server points at another address, or names another user, leaves its password unused (no
// login attempt with it, "Password needed" in words). Entries of earlier versions, not bound, are
// removed with a message instead of being sent anywhere.
import { scryptSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../simulator/index';
import { AppCore } from '../../electron/core/app-core';
import { mainPasswordSecretStore, sealWithKey } from '../../electron/core/secrets/secret-store';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { ok, until } from '../support/core-harness';

const PASSWORD = 'Bound-Server-pw-77';
const MAIN = 'main password for binding';
const COST = { N: 2 ** 10, r: 8, p: 1 };

let sim: Simulator;
let saved: string;
let trap: http.Server;
let trapUrl = '';
const trapped: string[] = [];
const dirs: string[] = [];
const cores: AppCore[] = [];

beforeAll(async () => {
  sim = await startSimulator({ hosts: 1, vms: 2, password: PASSWORD, metricsIntervalMs: 0 });
  trap = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { trapped.push(`${req.method} ${req.url} ${body}`); res.writeHead(500).end(); });
  });
  await new Promise<void>((r) => trap.listen(0, '127.0.0.9', r));
  trapUrl = `http://127.0.0.9:${(trap.address() as { port: number }).port}`;
  // One run of the app: a main password, then the server saved with its password.
  saved = await mkdtemp(join(tmpdir(), 'xc-bind-'));
  dirs.push(saved);
  const core = new AppCore({ settingsDir: saved, secretStore: mainPasswordSecretStore({ cost: COST }), flushIntervalMs: 10 });
  ok(await core.request('settings.setMainPassword', { password: MAIN }));
  ok(await core.request('servers.add', { address: sim.url, user: 'root', password: PASSWORD }));
  await core.dispose();
});
afterAll(async () => {
  for (const c of cores) await c.dispose();
  await sim.close();
  await new Promise((r) => trap.close(r));
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A copy of the saved settings with `edit` applied to settings.json, as someone editing the file would. */
async function editedCopy(edit: (file: { servers: Array<Record<string, unknown>>; secrets: { salt: string; entries: Record<string, string> } }) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xc-bind-edit-'));
  dirs.push(dir);
  await cp(saved, dir, { recursive: true });
  const file = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
  edit(file);
  await writeFile(join(dir, 'settings.json'), JSON.stringify(file));
  return dir;
}

/** The next run of the app on `dir`: unlocked, so saved servers with a readable password log in. */
async function restart(dir: string): Promise<{ core: AppCore; conn: () => ConnectionInfo; logs: string[] }> {
  const logs: string[] = [];
  const core = new AppCore({ settingsDir: dir, secretStore: mainPasswordSecretStore({ cost: COST }), flushIntervalMs: 10, log: (m) => logs.push(m), backoffBaseMs: 50 });
  cores.push(core);
  await core.start();
  ok(await core.request('settings.unlock', { password: MAIN }));
  return { core, conn: () => core.connectionInfos()[0], logs };
}

describe('saved passwords bound to their server', () => {
  it('unedited, the saved password logs in again (the binding holds)', async () => {
    const dir = await editedCopy(() => undefined);
    const { conn } = await restart(dir);
    await until(() => conn()?.status === 'connected', 'connected');
  });

  it('a URL changed in settings.json: the password is not sent to the new address', async () => {
    trapped.length = 0;
    const dir = await editedCopy((f) => { f.servers[0].url = trapUrl; f.servers[0].poolMembers = []; });
    const { core, conn, logs } = await restart(dir);
    await until(() => conn()?.status === 'failed', 'the restore to fail');
    expect(conn().error).toMatchObject({ code: 'PASSWORD_NEEDED' });
    expect(conn().error?.message).toMatch(/another address or user name/);
    // Shown as a server without a saved password: Reconnect asks for it.
    expect(conn().hasStoredPassword).toBe(false);
    // Connect All tries again: still nothing is sent.
    ok(await core.request('servers.connectAll', {}));
    await new Promise((r) => setTimeout(r, 200));
    expect(trapped).toEqual([]);
    expect(logs.join('\n')).toMatch(/stored for another address or user/);
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('a user name changed in settings.json: no login is tried with the saved password', async () => {
    const dir = await editedCopy((f) => { f.servers[0].user = 'admin'; });
    const { conn } = await restart(dir);
    await until(() => conn()?.status === 'failed', 'the restore to fail');
    // PASSWORD_NEEDED, not the server's SESSION_AUTHENTICATION_FAILED: the password was never tried.
    expect(conn().error).toMatchObject({ code: 'PASSWORD_NEEDED' });
  });

  it('an entry of an earlier version (not bound) is removed with a message, never used', async () => {
    const dir = await editedCopy((f) => {
      const id = String(f.servers[0].id);
      const key = scryptSync(MAIN.normalize('NFC'), Buffer.from(f.secrets.salt, 'base64'), 32, { ...COST, maxmem: 64 * 1024 * 1024 });
      f.secrets.entries[id] = sealWithKey(key, PASSWORD).toString('base64');
    });
    const { conn, logs } = await restart(dir);
    await until(() => conn()?.status === 'failed', 'the restore to fail');
    expect(conn().error?.message).toMatch(/stored by an earlier version.*enter it once more/);
    expect(logs.join('\n')).toMatch(/earlier version without a binding/);
    await until(async () => Object.keys(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).secrets.entries).length === 0, 'the entry removed');
  });
});
