// Creates the app's windows with Electron's security checklist applied: isolated, sandboxed,
// no Node in the page, no navigation away from the bundled renderer, no new windows, no
// permission grants but desktop notifications to the bundled page. The CSP (shared/csp.ts) is in renderer/index.html and repeated as a header.
import { BrowserWindow, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP_HEADER } from '../../shared/csp';


/**
 * The one permission the page may have: desktop notifications, which the user turns on in the Alerts
 * view (off by default, main's settings), and only for the bundled renderer (file:, which navigation
 * never leaves); never for a page of another origin.
 */
export const permissionAllowed = (permission: string, url: unknown): boolean =>
  permission === 'notifications' && typeof url === 'string' && url.startsWith('file:');

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => callback(permissionAllowed(permission, details?.requestingUrl)));
  ses.setPermissionCheckHandler((_wc, permission, origin) => permissionAllowed(permission, origin));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP_HEADER] } });
  });
}

export interface WindowOptions {
  preload: string;
  indexHtml: string;
  title: string;
  /** Location hash to open the renderer at (e.g. an undocked console: `console/<id>/<ref>`). */
  hash?: string;
  width?: number;
  height?: number;
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: opts.width ?? 1280,
    height: opts.height ?? 800,
    minWidth: opts.hash ? 320 : 800,
    minHeight: opts.hash ? 240 : 500,
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
  // Windows/Linux: not Electron's default menu (it would catch Alt and the access keys first); the native
  // menu bar comes when the page sends its menus (menu.set, platform/native-menu.ts).
  if (process.platform !== 'darwin') win.removeMenu();
  const allowed = pathToFileURL(opts.indexHtml).toString();
  win.webContents.on('will-navigate', (e, url) => { if (url !== allowed) e.preventDefault(); });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the user's browser; nothing opens inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(opts.indexHtml, opts.hash ? { hash: opts.hash } : undefined);
  return win;
}

/** Only our own page (file:// index.html, top frame) may talk to the main process. */
export function isTrustedSender(frameUrl: string | undefined, indexHtml: string): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    // A file: URL with a host (file://fileserver/…, a UNC path on Windows) is another machine's file.
    return u.protocol === 'file:' && u.host === '' && u.pathname === new URL(pathToFileURL(indexHtml)).pathname;
  } catch {
    return false;
  }
}
