// Creates the app's windows with Electron's security checklist applied: isolated, sandboxed,
// no Node in the page, no navigation away from the bundled renderer, no new windows, no
// permission grants. The CSP comes from renderer/index.html and is repeated as a header.
import { BrowserWindow, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

export function createMainWindow(opts: { preload: string; indexHtml: string; title: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    title: opts.title,
    show: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const allowed = pathToFileURL(opts.indexHtml).toString();
  win.webContents.on('will-navigate', (e, url) => { if (url !== allowed) e.preventDefault(); });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the user's browser; nothing opens inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(opts.indexHtml);
  return win;
}

/** Only our own page (file:// index.html, top frame) may talk to the main process. */
export function isTrustedSender(frameUrl: string | undefined, indexHtml: string): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return u.protocol === 'file:' && u.pathname === new URL(pathToFileURL(indexHtml)).pathname;
  } catch {
    return false;
  }
}
