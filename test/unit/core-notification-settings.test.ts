// The Alerts view's desktop notifications: off until the user turns them on, kept in main's settings
// file across a restart, validated on arrival (a renderer cannot store anything but a boolean).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { SETTINGS_FILE, parseSettings } from '../../electron/core/settings/store';
import { ok } from '../support/core-harness';
import { eachSettingsDir } from '../support/settings-cores';
import type { Envelope } from '../../shared/ipc/contract';

const settings = eachSettingsDir('xc-notify-');

const app = settings.app;
const desktop = async (core: AppCore) => ok<{ desktop: boolean }>(await core.request('settings.notifications', {})).desktop;
const refused = (env: Envelope<unknown>) => (env.ok ? 'accepted' : env.error.code);

describe('desktop notifications in main settings', () => {
  it('are off by default, turned on and off, and kept across a restart', async () => {
    const core = await app();
    expect(await desktop(core)).toBe(false);
    expect(ok<{ desktop: boolean }>(await core.request('settings.setNotifications', { desktop: true })).desktop).toBe(true);
    expect(JSON.parse(await readFile(join(settings.dir, SETTINGS_FILE), 'utf8')).notifications).toEqual({ desktop: true });
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
    await writeFile(join(settings.dir, SETTINGS_FILE), JSON.stringify(base));
    const core = await app();
    expect(await desktop(core)).toBe(false);
    expect(core.settingsProblem).toBeUndefined();
  });
});
