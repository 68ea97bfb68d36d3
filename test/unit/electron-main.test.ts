// electron/main.ts, the composition root, imported with fakes of electron's app/BrowserWindow/
// ipcMain/session and a fake AppCore: what happens at start, with --demo, and on quit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_REQUEST, type Envelope } from '../../shared/ipc/contract';
import type { AppCoreOptions } from '../../electron/core/app-core';

type Listener = (...args: unknown[]) => void;

const fakes = vi.hoisted(() => {
  const calls: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  let resolveReady: () => void = () => undefined;
  const state = { userData: '', singleInstance: true, ready: Promise.resolve() };
  const app = {
    enableSandbox: vi.fn(() => { calls.push('enableSandbox'); }),
    requestSingleInstanceLock: vi.fn(() => state.singleInstance),
    quit: vi.fn(() => { calls.push('quit'); }),
    exit: vi.fn(),
    whenReady: vi.fn(() => { calls.push('whenReady'); return state.ready; }),
    getPath: vi.fn((name: string) => { if (name !== 'userData') throw new Error(`unexpected getPath(${name})`); return state.userData; }),
    getName: vi.fn(() => 'PoolDesk'),
    getVersion: vi.fn(() => '0.1.0'),
    on: vi.fn((ev: string, l: Listener) => { appListeners.set(ev, [...(appListeners.get(ev) ?? []), l]); return app; }),
  };
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    webContents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), send: vi.fn() };
    loadFile = vi.fn(async (..._a: unknown[]) => undefined);
    once = vi.fn();
    removeMenu = vi.fn();
    isMinimized = vi.fn(() => true);
    restore = vi.fn();
    focus = vi.fn();
    constructor(public options: { title?: string; webPreferences: Record<string, unknown> }) {
      calls.push('new BrowserWindow');
      FakeBrowserWindow.created.push(this);
    }
    static getAllWindows() { return FakeBrowserWindow.created; }
  }
  const handlers = new Map<string, unknown>();
  const ipcMain = {
    handle: vi.fn((ch: string, h: unknown) => { calls.push(`ipcMain.handle ${ch}`); handlers.set(ch, h); }),
    removeHandler: vi.fn((ch: string) => { handlers.delete(ch); }),
    on: vi.fn((ch: string) => { calls.push(`ipcMain.on ${ch}`); }),
    removeListener: vi.fn(),
  };
  const ses = {
    setPermissionRequestHandler: vi.fn(() => { calls.push('setPermissionRequestHandler'); }),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  };
  // Fake AppCore: records its options and requests.
  const cores: { opts: AppCoreOptions; request: ReturnType<typeof vi.fn>; dispose: ReturnType<typeof vi.fn> }[] = [];
  const demoAnswer: { env: Envelope<unknown> } = { env: { ok: true, result: { connectionId: 'demo' } } };
  class FakeAppCore {
    opts: AppCoreOptions;
    settingsProblem: string | undefined = undefined;
    request = vi.fn(async (channel: unknown, _payload: unknown): Promise<Envelope<unknown>> => {
      calls.push(`core.request ${String(channel)}`);
      return channel === 'servers.demo' ? demoAnswer.env : { ok: true, result: null };
    });
    dispose = vi.fn(async () => { calls.push('core.dispose'); });
    openFile = vi.fn(async (path: string) => { calls.push(`core.openFile ${path}`); return { fileToken: 't', fileName: 'x.xva', size: 1 }; });
    constructor(opts: AppCoreOptions) {
      calls.push('new AppCore');
      this.opts = opts;
      cores.push(this);
    }
    async start(): Promise<void> { calls.push('core.start'); }
    subscribe(_l: unknown): () => void { return () => undefined; }
    attachConsoleStream(): undefined { return undefined; }
  }
  const demoPool = {
    startDemoPool: vi.fn(async () => ({ url: 'http://127.0.0.1:1', user: 'root', password: 'xenroot' })),
    stopDemoPool: vi.fn(async () => { calls.push('stopDemoPool'); }),
  };
  /** How many times electron/demo-pool (the simulator) was loaded. */
  const demoLoads = { count: 0 };
  return {
    calls, appListeners, state, app, FakeBrowserWindow, handlers, ipcMain, ses, cores, FakeAppCore, demoPool, demoAnswer, demoLoads,
    setResolveReady: (r: () => void) => { resolveReady = r; }, resolveReady: () => resolveReady(),
  };
});

vi.mock('electron', () => ({
  app: fakes.app,
  BrowserWindow: fakes.FakeBrowserWindow,
  ipcMain: fakes.ipcMain,
  session: { defaultSession: fakes.ses },
  shell: { openExternal: vi.fn() },
  MessageChannelMain: class {},
  safeStorage: {},
}));
vi.mock('../../electron/core/app-core', () => ({ AppCore: fakes.FakeAppCore }));
vi.mock('../../electron/demo-pool', () => { fakes.demoLoads.count++; return fakes.demoPool; });

const userData = mkdtempSync(join(tmpdir(), 'xenclient-main-test-'));
const realArgv = process.argv;
afterAll(() => { rmSync(userData, { recursive: true, force: true }); });

/** Imports a fresh copy of main.ts with these argv and waits for its whenReady work to finish. */
async function startMain(opts: { argv?: string[]; singleInstance?: boolean } = {}) {
  process.argv = [...realArgv.slice(0, 2), ...(opts.argv ?? [])];
  fakes.state.singleInstance = opts.singleInstance ?? true;
  vi.resetModules();
  await import('../../electron/main');
  await vi.waitFor(() => {
    expect(fakes.FakeBrowserWindow.created.length).toBeGreaterThan(0);
    if (opts.argv?.includes('--demo')) expect(fakes.calls).toContain('core.request servers.demo');
  });
  // Let any remaining continuation of the ready handler run.
  await new Promise((r) => setTimeout(r, 0));
}

beforeEach(() => {
  fakes.calls.length = 0;
  fakes.appListeners.clear();
  fakes.handlers.clear();
  fakes.cores.length = 0;
  fakes.FakeBrowserWindow.created.length = 0;
  fakes.state.userData = userData;
  fakes.state.ready = Promise.resolve();
  fakes.demoAnswer.env = { ok: true, result: { connectionId: 'demo' } };
  fakes.demoLoads.count = 0;
  for (const f of [fakes.app.quit, fakes.app.exit, fakes.app.enableSandbox, fakes.ipcMain.handle, fakes.demoPool.startDemoPool, fakes.demoPool.stopDemoPool]) f.mockClear();
});
afterEach(() => { process.argv = realArgv; vi.restoreAllMocks(); });

describe('electron/main.ts', () => {
  it('enables the sandbox before anything else, then hardens the session, starts AppCore, registers IPC and opens one window', async () => {
    await startMain();
    expect(fakes.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(fakes.calls[0]).toBe('enableSandbox');
    const order = ['setPermissionRequestHandler', 'new AppCore', 'core.start', `ipcMain.handle ${IPC_REQUEST}`, 'new BrowserWindow'];
    expect(fakes.calls.filter((c) => order.includes(c))).toEqual(order);
    expect(fakes.FakeBrowserWindow.created).toHaveLength(1);
    expect(fakes.ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(fakes.app.quit).not.toHaveBeenCalled();
    expect(fakes.calls).not.toContain('core.request servers.demo');
  });

  it('the window is the hardened one, with the bundled preload, showing index.html next to it', async () => {
    await startMain();
    const win = fakes.FakeBrowserWindow.created[0];
    const preload = win.options.webPreferences.preload as string;
    expect(basename(preload)).toBe('preload.cjs');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(win.options.title).toBe('PoolDesk');
    expect(win.loadFile).toHaveBeenCalledWith(join(dirname(preload), '../renderer/index.html'), undefined);
  });

  it('AppCore keeps its settings in userData and passwords in the safeStorage store', async () => {
    await startMain();
    // The same module instance main.ts imported (startMain reset the module registry before it).
    const { safeStorageSecretStore } = await import('../../electron/platform/safe-storage');
    expect(fakes.cores).toHaveLength(1);
    expect(fakes.cores[0].opts.settingsDir).toBe(userData);
    expect(fakes.cores[0].opts.secretStore).toBe(safeStorageSecretStore);
    // The demo pool (the whole simulator) is loaded only when AppCore starts it.
    expect(fakes.demoLoads.count).toBe(0);
    const startDemo = fakes.cores[0].opts.startDemoPool;
    if (!startDemo) throw new Error('no startDemoPool option');
    await expect(startDemo()).resolves.toEqual({ url: 'http://127.0.0.1:1', user: 'root', password: 'xenroot' });
    expect(fakes.demoPool.startDemoPool).toHaveBeenCalledTimes(1);
    expect(fakes.demoLoads.count).toBe(1);
    // Sending one pool's credentials to another server asks the user natively.
    const { confirmCredentialUse } = await import('../../electron/platform/credential-dialog');
    expect(fakes.cores[0].opts.confirmCredentialUse).toBe(confirmCredentialUse);
  });

  it('console.undock opens a second hardened window at the console route', async () => {
    await startMain();
    const undock = fakes.cores[0].opts.undockConsole;
    if (!undock) throw new Error('no undockConsole option');
    await expect(undock('conn 1', 'OpaqueRef:vm')).resolves.toBe(true);
    expect(fakes.FakeBrowserWindow.created).toHaveLength(2);
    const w = fakes.FakeBrowserWindow.created[1];
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(w.loadFile).toHaveBeenCalledWith(expect.stringMatching(/index\.html$/), { hash: 'console/conn%201/OpaqueRef%3Avm' });
  });

  it('--demo asks AppCore for servers.demo after the window exists', async () => {
    await startMain({ argv: ['--demo'] });
    const core = fakes.cores[0];
    expect(core.request).toHaveBeenCalledWith('servers.demo', {});
    expect(fakes.calls.indexOf('core.request servers.demo')).toBeGreaterThan(fakes.calls.indexOf('new BrowserWindow'));
  });

  it('--demo failing is logged, not fatal', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fakes.demoAnswer.env = { ok: false, error: { code: 'DEMO_FAILED', params: [], message: 'port in use' } };
    await startMain({ argv: ['--demo'] });
    expect(err).toHaveBeenCalledWith(expect.stringContaining('port in use'));
    expect(fakes.app.exit).not.toHaveBeenCalled();
    expect(fakes.app.quit).not.toHaveBeenCalled();
  });

  it('quits when all windows are closed', async () => {
    await startMain();
    const l = fakes.appListeners.get('window-all-closed');
    expect(l).toHaveLength(1);
    l?.[0]();
    expect(fakes.app.quit).toHaveBeenCalledTimes(1);
  });

  it('before-quit disposes AppCore and stops the demo pool', async () => {
    await startMain();
    await fakes.cores[0].opts.startDemoPool?.();
    for (const l of fakes.appListeners.get('before-quit') ?? []) l();
    expect(fakes.cores[0].dispose).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fakes.demoPool.stopDemoPool).toHaveBeenCalledTimes(1));
  });

  it('before-quit without the demo ever opened does not load the simulator', async () => {
    await startMain();
    for (const l of fakes.appListeners.get('before-quit') ?? []) l();
    expect(fakes.cores[0].dispose).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(fakes.demoLoads.count).toBe(0);
    expect(fakes.demoPool.stopDemoPool).not.toHaveBeenCalled();
  });

  it('a second instance focuses (and restores) the existing window', async () => {
    await startMain();
    for (const l of fakes.appListeners.get('second-instance') ?? []) l();
    const win = fakes.FakeBrowserWindow.created[0];
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);
    expect(fakes.FakeBrowserWindow.created).toHaveLength(1);
  });

  it('opens the .xva files it was started with, and those a second launch forwards, through AppCore.openFile', async () => {
    const cwd = process.cwd();
    await startMain({ argv: ['--no-sandbox-flag-like', 'exports/web.xva'] });
    await vi.waitFor(() => expect(fakes.calls).toContain(`core.openFile ${join(cwd, 'exports/web.xva')}`));
    for (const l of fakes.appListeners.get('second-instance') ?? []) l({}, ['/opt/app/app', '--flag', 'db.XVA', 'notes.txt'], '/home/u');
    await vi.waitFor(() => expect(fakes.calls).toContain('core.openFile /home/u/db.XVA'));
    expect(fakes.calls.filter((c) => c.startsWith('core.openFile'))).toHaveLength(2);
  });

  it('macOS open-file (a double-clicked .xva) goes to AppCore.openFile', async () => {
    await startMain();
    const preventDefault = vi.fn();
    for (const l of fakes.appListeners.get('open-file') ?? []) l({ preventDefault }, '/Users/u/vm.xva');
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fakes.calls).toContain('core.openFile /Users/u/vm.xva'));
  });

  it('without the single-instance lock it quits', async () => {
    await startMain({ singleInstance: false });
    expect(fakes.app.quit).toHaveBeenCalled();
  });
});
