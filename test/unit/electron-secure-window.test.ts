// electron/platform/secure-window.ts against hand-written fakes of BrowserWindow, session and shell
// (the real electron module cannot be imported here: it would try to download the binary).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP_HEADER } from '../../shared/csp';

type Listener = (...args: unknown[]) => void;
interface OpenHandlerResult { action: string }

const fakes = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener[]>();
    openHandler: ((d: { url: string }) => OpenHandlerResult) | undefined;
    on(event: string, l: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
      return this;
    }
    setWindowOpenHandler(h: (d: { url: string }) => OpenHandlerResult): void { this.openHandler = h; }
    /** Fires `event` like Chromium: returns true when a listener called preventDefault(). */
    fire(event: string, ...args: unknown[]): boolean {
      let prevented = false;
      const e = { preventDefault: () => { prevented = true; } };
      for (const l of this.listeners.get(event) ?? []) l(e, ...args);
      return prevented;
    }
  }
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loadFile = vi.fn(async (_file: string, _opts?: { hash?: string }) => undefined);
    show = vi.fn();
    removeMenu = vi.fn();
    onceListeners = new Map<string, Listener>();
    constructor(public options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      FakeBrowserWindow.created.push(this);
    }
    once(event: string, l: Listener): this { this.onceListeners.set(event, l); return this; }
  }
  type PermissionRequest = (wc: unknown, permission: string, cb: (ok: boolean) => void, details?: unknown) => void;
  type PermissionCheck = (wc: unknown, permission: string, origin: string, details?: unknown) => boolean;
  type HeadersHandler = (details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
  const handlers: { permissionRequest?: PermissionRequest; permissionCheck?: PermissionCheck; headers?: HeadersHandler } = {};
  const ses = {
    setPermissionRequestHandler(h: PermissionRequest) { handlers.permissionRequest = h; },
    setPermissionCheckHandler(h: PermissionCheck) { handlers.permissionCheck = h; },
    webRequest: { onHeadersReceived(h: HeadersHandler) { handlers.headers = h; } },
  };
  const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
  return { FakeBrowserWindow, ses, handlers, shell };
});

vi.mock('electron', () => ({
  BrowserWindow: fakes.FakeBrowserWindow,
  session: { defaultSession: fakes.ses },
  shell: fakes.shell,
}));

const { createMainWindow, hardenSession, isTrustedSender } = await import('../../electron/platform/secure-window');

const indexHtml = join('/opt/xenclient/resources/app/dist/renderer', 'index.html');
const indexUrl = pathToFileURL(indexHtml).toString();
const preload = '/opt/xenclient/resources/app/dist/electron/preload.cjs';

function openWindow(hash?: string) {
  createMainWindow({ preload, indexHtml, title: 'PoolDesk', hash });
  const win = fakes.FakeBrowserWindow.created.at(-1);
  if (!win) throw new Error('no BrowserWindow was created');
  return win;
}

beforeEach(() => {
  fakes.FakeBrowserWindow.created.length = 0;
  fakes.shell.openExternal.mockClear();
});

describe('createMainWindow', () => {
  it('creates exactly one isolated, sandboxed window without Node or <webview>, with the given preload', () => {
    const win = openWindow();
    expect(fakes.FakeBrowserWindow.created).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
    });
    // Nothing re-enables what the checklist turns off.
    for (const k of ['nodeIntegrationInSubFrames', 'webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures']) {
      const v = win.options.webPreferences[k];
      if (k === 'webSecurity') expect(v === undefined || v === true).toBe(true);
      else expect(v === undefined || v === false).toBe(true);
    }
    expect(win.options.title).toBe('PoolDesk');
  });

  it('loads index.html (no hash for the main window) and shows the window once ready', () => {
    const win = openWindow();
    expect(win.loadFile).toHaveBeenCalledTimes(1);
    expect(win.loadFile.mock.calls[0][0]).toBe(indexHtml);
    expect(win.loadFile.mock.calls[0][1]?.hash).toBeUndefined();
    expect(win.show).not.toHaveBeenCalled();
    win.onceListeners.get('ready-to-show')?.();
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('has no native menu bar on Windows and Linux: Alt and the access keys reach the app\'s own menu bar', () => {
    const win = openWindow();
    if (process.platform === 'darwin') expect(win.removeMenu).not.toHaveBeenCalled();
    else expect(win.removeMenu).toHaveBeenCalledTimes(1);
  });

  it('an undocked console window loads index.html at the given hash', () => {
    const win = openWindow('console/conn%201/OpaqueRef%3Aabc');
    expect(win.loadFile).toHaveBeenCalledWith(indexHtml, { hash: 'console/conn%201/OpaqueRef%3Aabc' });
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload });
  });

  it('prevents navigation anywhere but the bundled index.html', () => {
    const win = openWindow();
    expect(win.webContents.fire('will-navigate', indexUrl)).toBe(false);
    for (const url of [
      'https://evil.example/',
      'http://localhost:5173/',
      'file:///etc/passwd',
      pathToFileURL(join('/opt/xenclient/resources/app/dist/renderer', 'other.html')).toString(),
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
    ]) {
      expect(win.webContents.fire('will-navigate', url), url).toBe(true);
    }
  });

  it('prevents attaching a <webview>', () => {
    const win = openWindow();
    expect(win.webContents.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window and opens only https: links in the browser', () => {
    const win = openWindow();
    const handler = win.webContents.openHandler;
    if (!handler) throw new Error('no window open handler set');
    const https = 'https://docs.xcp-ng.org/management/';
    expect(handler({ url: https })).toEqual({ action: 'deny' });
    expect(fakes.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fakes.shell.openExternal).toHaveBeenCalledWith(https);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://docs.xcp-ng.org/', 'smb://fileserver/share', 'about:blank', indexUrl]) {
      expect(handler({ url }), url).toEqual({ action: 'deny' });
    }
    expect(fakes.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('hardenSession', () => {
  beforeEach(() => hardenSession());

  it('denies every permission request, but desktop notifications for the bundled page', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal']) {
      for (const details of [{}, { requestingUrl: 'https://evil.example/' }, ...(permission === 'notifications' ? [] : [{ requestingUrl: 'file:///app/index.html' }])]) {
        const cb = vi.fn();
        fakes.handlers.permissionRequest?.({}, permission, cb, details);
        expect(cb, permission).toHaveBeenCalledTimes(1);
        expect(cb, permission).toHaveBeenCalledWith(false);
      }
    }
    // The Alerts view's opt-in (the user turns it on; the page asks then).
    const cb = vi.fn();
    fakes.handlers.permissionRequest?.({}, 'notifications', cb, { requestingUrl: 'file:///app/index.html' });
    expect(cb).toHaveBeenCalledWith(true);
  });

  it('answers every permission check with false, but notifications for the bundled page', () => {
    if (!fakes.handlers.permissionCheck) throw new Error('no permission check handler set');
    for (const permission of ['media', 'clipboard-read', 'geolocation', 'hid', 'serial', 'usb']) {
      expect(fakes.handlers.permissionCheck({}, permission, 'file://', {}), permission).toBe(false);
    }
    expect(fakes.handlers.permissionCheck({}, 'notifications', 'https://evil.example', {})).toBe(false);
    expect(fakes.handlers.permissionCheck({}, 'notifications', 'file://', {})).toBe(true);
  });

  it('adds the renderer CSP (with frame-ancestors) to responses and keeps their other headers', () => {
    const cb = vi.fn();
    fakes.handlers.headers?.({ responseHeaders: { 'Content-Type': ['text/html'], 'X-Other': ['1'] } }, cb);
    expect(cb).toHaveBeenCalledTimes(1);
    const headers = cb.mock.calls[0][0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([RENDERER_CSP_HEADER]);
    expect(RENDERER_CSP_HEADER).toContain("frame-ancestors 'none'");
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-Other']).toEqual(['1']);

    const cb2 = vi.fn();
    fakes.handlers.headers?.({}, cb2);
    expect(cb2.mock.calls[0][0].responseHeaders['Content-Security-Policy']).toEqual([RENDERER_CSP_HEADER]);
  });
});

describe('isTrustedSender', () => {
  it('accepts the file:// URL of index.html, with or without a hash (undocked consoles)', () => {
    expect(isTrustedSender(indexUrl, indexHtml)).toBe(true);
    expect(isTrustedSender(`${indexUrl}#console/c1/OpaqueRef%3Ax`, indexHtml)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const url of [
      undefined,
      '',
      'not a url',
      pathToFileURL(join('/opt/xenclient/resources/app/dist/renderer', 'frame.html')).toString(),
      pathToFileURL('/tmp/index.html').toString(),
      'file:///etc/passwd',
      `http://localhost${new URL(indexUrl).pathname}`,
      `https://evil.example${new URL(indexUrl).pathname}`,
      'about:blank',
      'data:text/html,hi',
    ]) {
      expect(isTrustedSender(url, indexHtml), String(url)).toBe(false);
    }
  });

  // A file: URL naming another host (file://fileserver/<same path>, a UNC/SMB path on Windows)
  // is another machine's file, not our page.
  it('refuses a file:// URL on another host with the same path', () => {
    const remote = `file://fileserver${new URL(indexUrl).pathname}`;
    expect(isTrustedSender(remote, indexHtml)).toBe(false);
  });
});
