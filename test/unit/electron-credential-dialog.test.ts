// electron/platform/credential-dialog.ts with a mocked electron: the native confirmation names both
// servers (pool name and address), defaults to Cancel, and only the second button goes on.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialUse } from '../../electron/core/pool/credential-guard';

const fakes = vi.hoisted(() => {
  const state = { response: 0, windows: [] as object[] };
  const showMessageBox = vi.fn(async (..._a: unknown[]) => ({ response: state.response, checkboxChecked: false }));
  return { state, dialog: { showMessageBox }, BrowserWindow: { getFocusedWindow: vi.fn(() => state.windows[0] ?? null), getAllWindows: vi.fn(() => state.windows) } };
});
vi.mock('electron', () => ({ dialog: fakes.dialog, BrowserWindow: fakes.BrowserWindow }));

const { confirmCredentialUse, credentialDialogOptions } = await import('../../electron/platform/credential-dialog');

const join: CredentialUse = { operation: 'pool.join', from: { address: 'pool.example:443', poolName: 'Production' }, to: { address: '10.9.9.9', poolName: 'lab\nhost' } };
type Opts = { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number };

beforeEach(() => { fakes.dialog.showMessageBox.mockClear(); fakes.state.windows = []; });

describe('confirmCredentialUse (Electron)', () => {
  it('names both servers and defaults to Cancel; the user declining answers false', async () => {
    fakes.state.response = 0;
    const win = { id: 1 };
    fakes.state.windows = [win];
    expect(await confirmCredentialUse(join)).toBe(false);
    expect(fakes.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    const [parent, opts] = fakes.dialog.showMessageBox.mock.calls[0] as [object, Opts];
    expect(parent).toBe(win);
    expect(opts.message).toContain('Production (pool.example:443)');
    expect(opts.message).toContain('lab host (10.9.9.9)');
    expect([opts.defaultId, opts.cancelId, opts.buttons[0]]).toEqual([0, 0, 'Cancel']);
  });

  it('goes on only when the user picks the second button; works without a window', async () => {
    fakes.state.response = 1;
    const migrate: CredentialUse = { ...join, operation: 'vm.crossPoolMigrate' };
    expect(await confirmCredentialUse(migrate)).toBe(true);
    const [opts] = fakes.dialog.showMessageBox.mock.calls[0] as [Opts];
    expect(opts.buttons).toEqual(['Cancel', 'Migrate']);
    expect(`${opts.message} ${opts.detail}`).toMatch(/session on Production \(pool\.example:443\)/);
  });

  it('keeps server-controlled names to one bounded line', () => {
    const o = credentialDialogOptions({ ...join, to: { address: '10.0.0.1', poolName: `x\u0007${'y'.repeat(500)}` } }) as Opts;
    expect([...o.message].some((ch) => ch.charCodeAt(0) < 32)).toBe(false);
    expect(o.message.length).toBeLessThan(400);
  });
});
