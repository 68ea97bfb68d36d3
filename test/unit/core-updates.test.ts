// Help > Check for Updates in main: off by default with no feed, kept in the settings file,
// validated on arrival; a check asks the host's updater only when turned on, and the browser host
// (no updater) says updates are not available there.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_FILE } from '../../electron/core/settings/store';
import { ok } from '../support/core-harness';
import { eachSettingsDir } from '../support/settings-cores';
import type { Envelope } from '../../shared/ipc/contract';
import type { UpdateCheckResult, UpdateStatus } from '../../shared/ipc/areas/updates';

const settings = eachSettingsDir('xc-updates-');

const fakeUpdater = () => ({
  currentVersion: '1.0.0',
  check: vi.fn(async (_feed: string): Promise<UpdateCheckResult> => ({ currentVersion: '1.0.0', latestVersion: '1.2.0', updateAvailable: true })),
  install: vi.fn(async () => undefined),
});

const app = settings.app;
const error = (env: Envelope<unknown>) => (env.ok ? { code: 'accepted', message: '' } : { code: env.error.code, message: env.error.message });
const FEED = 'https://updates.example.com/app/';

describe('update settings', () => {
  it('are off with no feed by default, and kept across a restart', async () => {
    const updater = fakeUpdater();
    const core = await app({ updater });
    expect(ok<UpdateStatus>(await core.request('updates.status', {}))).toEqual({ enabled: false, feedUrl: '', supported: true, currentVersion: '1.0.0' });
    ok(await core.request('updates.setSettings', { enabled: true, feedUrl: ` ${FEED} ` }));
    expect(JSON.parse(await readFile(join(settings.dir, SETTINGS_FILE), 'utf8')).updates).toEqual({ enabled: true, feedUrl: FEED });
    const again = await app({ updater });
    expect(ok<UpdateStatus>(await again.request('updates.status', {}))).toMatchObject({ enabled: true, feedUrl: FEED });
  });

  it('refuse a feed that is not https, carries a password, or is missing when turning on, storing nothing', async () => {
    const core = await app({ updater: fakeUpdater() });
    expect(error(await core.request('updates.setSettings', { enabled: true, feedUrl: 'http://updates.example.com/' })))
      .toEqual({ code: 'IPC_INVALID_REQUEST', message: expect.stringContaining('must start with https://') });
    expect(error(await core.request('updates.setSettings', { enabled: true, feedUrl: 'https://u:p@updates.example.com/' })).message).toContain('user name or password');
    expect(error(await core.request('updates.setSettings', { enabled: true, feedUrl: 'file:///etc/passwd' })).code).toBe('IPC_INVALID_REQUEST');
    expect(error(await core.request('updates.setSettings', { enabled: 'yes', feedUrl: FEED })).code).toBe('IPC_INVALID_REQUEST');
    expect(error(await core.request('updates.setSettings', { enabled: true, feedUrl: '' })).code).toBe('UPDATES_FEED_MISSING');
    expect(ok<UpdateStatus>(await core.request('updates.status', {}))).toMatchObject({ enabled: false, feedUrl: '' });
  });

  it('a tampered file cannot turn checks on without a valid feed', async () => {
    await writeFile(join(settings.dir, SETTINGS_FILE), JSON.stringify({ version: 1, updates: { enabled: true, feedUrl: 'http://evil.example/' } }));
    const core = await app({ updater: fakeUpdater() });
    expect(ok<UpdateStatus>(await core.request('updates.status', {}))).toMatchObject({ enabled: false, feedUrl: '' });
  });
});

describe('Check for Updates', () => {
  it('asks nothing of the updater while checks are off', async () => {
    const updater = fakeUpdater();
    const core = await app({ updater });
    ok(await core.request('updates.setSettings', { enabled: false, feedUrl: FEED }));
    expect(error(await core.request('updates.check', {})).code).toBe('UPDATES_OFF');
    expect(error(await core.request('updates.install', {})).code).toBe('UPDATES_OFF');
    expect(updater.check).not.toHaveBeenCalled();
    expect(updater.install).not.toHaveBeenCalled();
  });

  it('checks the user\'s feed once turned on, and installs on request', async () => {
    const updater = fakeUpdater();
    const core = await app({ updater });
    ok(await core.request('updates.setSettings', { enabled: true, feedUrl: FEED }));
    expect(ok<UpdateCheckResult>(await core.request('updates.check', {}))).toEqual({ currentVersion: '1.0.0', latestVersion: '1.2.0', updateAvailable: true });
    expect(updater.check).toHaveBeenCalledWith(FEED);
    ok(await core.request('updates.install', {}));
    expect(updater.install).toHaveBeenCalledTimes(1);
  });

  it('reports the feed\'s failure in words with its code', async () => {
    const updater = fakeUpdater();
    updater.check.mockRejectedValueOnce(new Error('HttpError: 404 Not Found'));
    const core = await app({ updater });
    ok(await core.request('updates.setSettings', { enabled: true, feedUrl: FEED }));
    expect(error(await core.request('updates.check', {}))).toEqual({ code: 'UPDATES_CHECK_FAILED', message: `Could not check ${FEED} for updates: HttpError: 404 Not Found` });
  });

  it('in the browser host (no updater) says updates are not available there', async () => {
    const core = await app();
    const status = ok<UpdateStatus>(await core.request('updates.status', {}));
    expect(status.supported).toBe(false);
    expect(status.unavailable).toMatch(/not available in the browser host/);
    ok(await core.request('updates.setSettings', { enabled: true, feedUrl: FEED }));
    expect(error(await core.request('updates.check', {}))).toEqual({ code: 'UPDATES_UNAVAILABLE', message: expect.stringMatching(/not available in the browser host/) });
  });
});
