// "Do not ask again" for the power commands' questions: kept in main's settings file, validated on
// arrival (a renderer cannot store an unknown question or a non-boolean), survives a restart of
// the app, and one request asks every question again (the Options dialog's reset).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app-core';
import { SETTINGS_FILE, parseSettings } from '../../electron/core/settings/store';
import { ok } from '../support/core-harness';
import { eachSettingsDir } from '../support/settings-cores';
import type { Envelope } from '../../shared/ipc/contract';

const settings = eachSettingsDir('xc-confirm-');

const app = settings.app;
const skipped = async (core: AppCore) => ok<{ skipped: string[] }>(await core.request('settings.confirmations', {})).skipped;
const refused = (env: Envelope<unknown>) => (env.ok ? 'accepted' : env.error.code);

describe('confirmations in main settings', () => {
  it('"Do not ask again" is kept across a restart, undone per question, and reset for all', async () => {
    const core = await app();
    expect(await skipped(core)).toEqual([]);
    ok(await core.request('settings.setConfirmation', { id: 'vm.shutdown', ask: false }));
    ok(await core.request('settings.setConfirmation', { id: 'vm.forceReboot', ask: false }));
    // Twice is still once.
    expect(ok<{ skipped: string[] }>(await core.request('settings.setConfirmation', { id: 'vm.shutdown', ask: false })).skipped.sort())
      .toEqual(['vm.forceReboot', 'vm.shutdown']);
    expect(JSON.parse(await readFile(join(settings.dir, SETTINGS_FILE), 'utf8')).confirmations.skipped.sort()).toEqual(['vm.forceReboot', 'vm.shutdown']);

    const again = await app();
    expect((await skipped(again)).sort()).toEqual(['vm.forceReboot', 'vm.shutdown']);
    ok(await again.request('settings.setConfirmation', { id: 'vm.shutdown', ask: true }));
    expect(await skipped(again)).toEqual(['vm.forceReboot']);
    ok(await again.request('settings.resetConfirmations', {}));
    expect(await skipped(again)).toEqual([]);
    expect(JSON.parse(await readFile(join(settings.dir, SETTINGS_FILE), 'utf8')).confirmations.skipped).toEqual([]);
  });

  it('refuses an unknown question, a non-boolean answer and extra fields, storing nothing', async () => {
    const core = await app();
    expect(refused(await core.request('settings.setConfirmation', { id: 'vm.destroyEverything', ask: false }))).toBe('IPC_INVALID_REQUEST');
    expect(refused(await core.request('settings.setConfirmation', { id: 'vm.shutdown', ask: 'no' }))).toBe('IPC_INVALID_REQUEST');
    expect(refused(await core.request('settings.setConfirmation', { id: 'vm.shutdown', ask: false, all: true }))).toBe('IPC_INVALID_REQUEST');
    expect(refused(await core.request('settings.resetConfirmations', { id: 'vm.shutdown' }))).toBe('IPC_INVALID_REQUEST');
    expect(await skipped(core)).toEqual([]);
  });

  it('a settings file with unreadable answers keeps its servers and asks every question again', async () => {
    const base = { version: 1, servers: [{ id: 's1', url: 'https://h1', user: 'root' }], pins: {}, secrets: { kind: 'main-password', entries: {} } };
    expect(parseSettings(JSON.stringify({ ...base, confirmations: 'yes' })).confirmations.skipped).toEqual([]);
    const mixed = parseSettings(JSON.stringify({ ...base, confirmations: { skipped: ['vm.suspend', 'vm.unknown', 7, 'vm.suspend'] } }));
    expect(mixed.confirmations.skipped).toEqual(['vm.suspend']);
    expect(mixed.servers.map((s) => s.id)).toEqual(['s1']);
    // A file written before confirmations existed: every question is asked.
    await writeFile(join(settings.dir, SETTINGS_FILE), JSON.stringify(base));
    const core = await app();
    expect(await skipped(core)).toEqual([]);
    expect(core.settingsProblem).toBeUndefined();
  });
});
