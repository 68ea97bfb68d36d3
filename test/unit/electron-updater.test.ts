// electron/platform/updater.ts with electron-updater replaced by a fake engine: it never downloads
// or installs on its own, checks the feed it is given, and installs only what a check found.
import { describe, expect, it, vi } from 'vitest';
import { electronUpdater, type UpdaterEngine } from '../../electron/platform/updater';

function fakeEngine(answer: Awaited<ReturnType<UpdaterEngine['checkForUpdates']>>) {
  const calls: string[] = [];
  const engine: UpdaterEngine = {
    autoDownload: true, autoInstallOnAppQuit: true, allowDowngrade: true,
    setFeedURL: vi.fn((o) => { calls.push(`feed ${o.provider} ${o.url}`); }),
    checkForUpdates: vi.fn(async () => { calls.push('check'); return answer; }),
    downloadUpdate: vi.fn(async () => { calls.push('download'); return []; }),
    quitAndInstall: vi.fn(() => { calls.push('quitAndInstall'); }),
  };
  return { engine, calls, load: vi.fn(async () => engine) };
}

describe('the Electron updater', () => {
  it('loads electron-updater only at the first check, with automatic download and install off', async () => {
    const f = fakeEngine({ isUpdateAvailable: true, updateInfo: { version: '2.0.0', releaseName: 'Two', releaseDate: '2026-12-01T00:00:00Z' } });
    const u = electronUpdater('1.0.0', f.load);
    expect(f.load).not.toHaveBeenCalled();
    expect(await u.check('https://feed.example/app/')).toEqual({
      currentVersion: '1.0.0', latestVersion: '2.0.0', updateAvailable: true, releaseName: 'Two', releaseDate: '2026-12-01T00:00:00Z',
    });
    expect(f.engine).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });
    expect(f.calls).toEqual(['feed generic https://feed.example/app/', 'check']);
  });

  it('downloads and installs only after a check found a newer version', async () => {
    const f = fakeEngine({ isUpdateAvailable: false, updateInfo: { version: '1.0.0' } });
    const u = electronUpdater('1.0.0', f.load);
    await expect(u.install()).rejects.toThrow('check for updates first');
    expect(await u.check('https://feed.example/')).toMatchObject({ updateAvailable: false, latestVersion: '1.0.0' });
    await expect(u.install()).rejects.toThrow('check for updates first');
    expect(f.calls).not.toContain('download');

    const g = fakeEngine({ isUpdateAvailable: true, updateInfo: { version: '1.1.0' } });
    const v = electronUpdater('1.0.0', g.load);
    await v.check('https://feed.example/');
    await v.install();
    expect(g.calls).toEqual(['feed generic https://feed.example/', 'check', 'download', 'quitAndInstall']);
  });

  it('says a development run does not update itself (electron-updater answers null)', async () => {
    const f = fakeEngine(null);
    await expect(electronUpdater('1.0.0', f.load).check('https://feed.example/')).rejects.toThrow(/development run/);
  });
});
