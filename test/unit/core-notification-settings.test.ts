// The Alerts view's desktop notifications: off until the user turns them on, kept in main's settings
// file across a restart, validated on arrival (a renderer cannot store anything but a boolean).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { SETTINGS_FILE, parseSettings } from '../../electron/core/settings/store';
import { mainPasswordSecretStore } from '../../electron/core/secrets/secret-store';
import { ok } from '../support/core-harness';
import type { Envelope } from '../../shared/ipc/contract';

let dir: string;
const cores: AppCore[] = [];
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'xc-notify-')); });
afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function app(): Promise<AppCore> {
  const core = new AppCore({ settingsDir: dir, secretStore: mainPasswordSecretStore({ cost: { N: 2 ** 10, r: 8, p: 1 } }) });
  cores.push(core);
  await core.start();
  return core;
}
const desktop = async (core: AppCore) => ok<{ desktop: boolean }>(await core.request('settings.notifications', {})).desktop;
const refused = (env: Envelope<unknown>) => (env.ok ? 'accepted' : env.error.code);

describe('desktop notifications in main settings', () => {
  it('are off by default, turned on and off, and kept across a restart', async () => {
    const core = await app();
    expect(await desktop(core)).toBe(false);
    expect(ok<{ desktop: boolean }>(await core.request('settings.setNotifications', { desktop: true })).desktop).toBe(true);
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8')).notifications).toEqual({ desktop: true });
    const again = await app();
    expect(await desktop(again)).toBe(true);
    ok(await again.request('settings.setNotifications', { desktop: false }));
    expect(await desktop(again)).toBe(false);
  });

  it('refuses a non-boolean and extra fields, storing nothing', async () => {
    const core = await app();
    expect(refused(await core.request('settings.setNotifications', { desktop: 'yes' }))).toBe('IPC_INVALID_REQUEST');
    expect(refused(await core.request('settings.setNotifications', { desktop: true, sound: true }))).toBe('IPC_INVALID_REQUEST');
    expect(refused(await core.request('settings.setNotifications', {}))).toBe('IPC_INVALID_REQUEST');
    expect(await desktop(core)).toBe(false);
  });

  it('a file without the setting, or with anything but true, leaves them off', async () => {
    const base = { version: 1, servers: [], pins: {}, secrets: { kind: 'main-password', entries: {} } };
    expect(parseSettings(JSON.stringify({ ...base, notifications: { desktop: 'true' } })).notifications.desktop).toBe(false);
    expect(parseSettings(JSON.stringify({ ...base, notifications: { desktop: true } })).notifications.desktop).toBe(true);
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify(base));
    const core = await app();
    expect(await desktop(core)).toBe(false);
    expect(core.settingsProblem).toBeUndefined();
  });
});
