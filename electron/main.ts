// Electron entry point: composes AppCore (sessions, event loops, cache), the IPC bridge and the
// hardened main window. `--demo` opens the app already connected to the built-in demo pool.
import { app } from 'electron';
import { join } from 'node:path';
import { AppCore } from './core/app-core';
import { startDemoPool, stopDemoPool } from './demo-on-demand';
import { createMainWindow, hardenSession } from './platform/secure-window';
import { registerIpc } from './platform/ipc';
import { safeStorageSecretStore } from './platform/safe-storage';
import { chooseExportFile, chooseImportFile, chooseStatusReportFile } from './platform/file-dialogs';
import { confirmCredentialUse } from './platform/credential-dialog';
import { electronUpdater } from './platform/updater';
import { xvaPathsFromArgv } from './platform/open-files';
import { setNativeMenu } from './platform/native-menu';
import { consoleWindowHash } from './core/features/console/port-bridge';
import { logSafe } from './core/log-safe';

const indexHtml = join(__dirname, '../renderer/index.html');
const preload = join(__dirname, 'preload.cjs');
const wantDemo = process.argv.includes('--demo');

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

// .xva files the OS asks us to open (the builder's file association): from the command line
// (Windows, Linux), from macOS's open-file (which can fire before ready), or from a second launch
// (forwarded here by the single-instance lock). Queued until the window exists.
const openedAtLaunch: string[] = xvaPathsFromArgv(process.argv.slice(1), process.cwd());
let openXva: ((path: string) => void) | undefined;
app.on('open-file', (e, path) => {
  e.preventDefault();
  if (openXva) openXva(path); else openedAtLaunch.push(path);
});

app.whenReady().then(async () => {
  hardenSession();
  const core = new AppCore({
    startDemoPool,
    // Saved servers, pinned certificates and (encrypted) passwords.
    settingsDir: app.getPath('userData'),
    secretStore: safeStorageSecretStore,
    // console.undock: the same hardened window and preload, opened at the console's route.
    undockConsole: async (connectionId, ref) => {
      createMainWindow({ preload, indexHtml, title: `${app.getName()} - Console`, hash: consoleWindowHash(connectionId, ref), width: 1024, height: 800 });
      return true;
    },
    // vm.export / vm.import: native file dialogs, and main streams the file itself.
    chooseExportFile,
    chooseImportFile,
    chooseStatusReportFile,
    confirmCredentialUse,
    // The renderer's menus as the native menu bar; a click goes back to the page as its command id.
    setNativeMenu: (model) => setNativeMenu(model, { mac: process.platform === 'darwin', appName: app.getName(), onCommand: (id) => core.menuCommand(id) }),
    // Help > Check for Updates: only when the user turned it on and gave a feed (settings).
    updater: electronUpdater(app.getVersion()),
  });
  await core.start();
  if (core.settingsProblem) console.error(logSafe(core.settingsProblem));
  registerIpc(core, indexHtml);
  const win = createMainWindow({ preload, indexHtml, title: app.getName() });
  const show = () => { if (win.isMinimized()) win.restore(); win.focus(); };
  // The page gets a token for the file (AppCore.openFile), never its path, and opens Import with it.
  openXva = (path) => {
    core.openFile(path).then(show, (err: Error) => console.error(logSafe(`Cannot open ${path}: ${err.message}`)));
  };
  for (const path of openedAtLaunch.splice(0)) openXva(path);
  app.on('second-instance', (_e, argv?: string[], workingDirectory?: string) => {
    show();
    for (const path of xvaPathsFromArgv((argv ?? []).slice(1), workingDirectory ?? process.cwd())) openXva?.(path);
  });
  if (wantDemo) {
    const r = await core.request('servers.demo', {});
    if (!r.ok) console.error(`The demo pool did not start: ${logSafe(r.error.message)}`);
  }
  app.on('before-quit', () => { void core.dispose(); void stopDemoPool(); });
}).catch((err) => {
  console.error(err);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
