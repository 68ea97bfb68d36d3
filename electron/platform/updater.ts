// AppCore's updater in Electron: electron-updater against the user's feed (electron-builder's
// "generic" provider). It is loaded only at the first check, so a user who never turns updates on
// never loads it, and it never downloads on its own: a check reads the feed's latest*.yml, and
// install() downloads only after the user asked to install what the check found.
import type { AppUpdater } from '../core/options';
import type { UpdateCheckResult } from '../../shared/ipc/areas/updates';

/** The part of electron-updater's AppUpdater used here (so a test can hand a fake). */
export interface UpdaterEngine {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string; releaseName?: string | null; releaseDate?: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

const loadEngine = async (): Promise<UpdaterEngine> => (await import('electron-updater')).autoUpdater;

export function electronUpdater(currentVersion: string, load: () => Promise<UpdaterEngine> = loadEngine): AppUpdater {
  let engine: UpdaterEngine | undefined;
  let found: { version: string; feedUrl: string } | undefined;
  const ready = async (): Promise<UpdaterEngine> => {
    if (!engine) {
      engine = await load();
      // Nothing happens without the user: no download after a check, no install at quit.
      engine.autoDownload = false;
      engine.autoInstallOnAppQuit = false;
      engine.allowDowngrade = false;
    }
    return engine;
  };
  return {
    currentVersion,
    async check(feedUrl: string): Promise<UpdateCheckResult> {
      const e = await ready();
      e.setFeedURL({ provider: 'generic', url: feedUrl });
      const r = await e.checkForUpdates();
      // electron-updater answers null when the app is not packaged (npm start): say so rather than "up to date".
      if (!r) throw new Error('this is a development run, which does not update itself (only installed builds do)');
      const latestVersion = r.updateInfo.version;
      found = r.isUpdateAvailable ? { version: latestVersion, feedUrl } : undefined;
      return {
        currentVersion,
        latestVersion,
        updateAvailable: r.isUpdateAvailable,
        ...(r.updateInfo.releaseName ? { releaseName: r.updateInfo.releaseName } : {}),
        ...(r.updateInfo.releaseDate ? { releaseDate: r.updateInfo.releaseDate } : {}),
      };
    },
    async install(): Promise<void> {
      if (!found || !engine) throw new Error('no newer version was found: check for updates first');
      await engine.downloadUpdate();
      engine.quitAndInstall(false, true);
    },
  };
}
