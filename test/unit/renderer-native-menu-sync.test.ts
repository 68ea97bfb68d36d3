// NativeMenuSync: what the page sends main for its native menu bar, and which clicks it runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NativeMenuSync } from '../../renderer/src/app/native-menu-sync';
import type { NativeMenuBuild } from '../../renderer/src/app/native-menu-model';

const build = (label: string, handlers: Record<string, () => void> = {}): NativeMenuBuild => ({
  model: { menus: [{ label, items: [] }] }, handlers: new Map(Object.entries(handlers)),
});

describe('NativeMenuSync', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('sends the latest model once it holds still, and not again while it is the same', async () => {
    const send = vi.fn(async () => ({ shown: true }));
    const onShown = vi.fn();
    const sync = new NativeMenuSync(send, onShown, 100);
    sync.update(build('&File'));
    vi.advanceTimersByTime(50);
    sync.update(build('&View'));
    await vi.advanceTimersByTimeAsync(100);
    expect(send.mock.calls).toEqual([[{ menus: [{ label: '&View', items: [] }] }]]);
    expect(onShown).toHaveBeenLastCalledWith(true);
    sync.update(build('&View'));
    await vi.advanceTimersByTimeAsync(200);
    expect(send).toHaveBeenCalledTimes(1);
    sync.update(build('&Help'));
    await vi.advanceTimersByTimeAsync(100);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('is not held back by the same model arriving again and again (a render at each store change)', async () => {
    const send = vi.fn(async () => ({ shown: true }));
    const sync = new NativeMenuSync(send, () => {}, 100);
    for (let t = 0; t < 5; t++) { sync.update(build('&File')); vi.advanceTimersByTime(30); }
    await vi.advanceTimersByTimeAsync(0);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('asks a host without a native menu bar (the browser host) once', async () => {
    const send = vi.fn(async () => ({ shown: false }));
    const onShown = vi.fn();
    const sync = new NativeMenuSync(send, onShown, 100);
    sync.update(build('&File'));
    await vi.advanceTimersByTimeAsync(100);
    sync.update(build('&View'));
    await vi.advanceTimersByTimeAsync(100);
    expect(send).toHaveBeenCalledTimes(1);
    expect(onShown).toHaveBeenCalledWith(false);
  });

  it('tries again at the next change after a refusal, keeping the in-page bar meanwhile', async () => {
    const send = vi.fn().mockRejectedValueOnce(new Error('IPC_INVALID_REQUEST')).mockResolvedValue({ shown: true });
    const onShown = vi.fn();
    const sync = new NativeMenuSync(send, onShown, 100);
    sync.update(build('&File'));
    await vi.advanceTimersByTimeAsync(100);
    expect(onShown).toHaveBeenLastCalledWith(false);
    sync.update(build('&File'));
    await vi.advanceTimersByTimeAsync(100);
    expect(send).toHaveBeenCalledTimes(2);
    expect(onShown).toHaveBeenLastCalledWith(true);
  });

  it('runs a clicked id\'s handler from the latest model only', () => {
    const old = vi.fn();
    const now = vi.fn();
    const sync = new NativeMenuSync(async () => ({ shown: true }), () => {}, 100);
    sync.update(build('&VM', { 'vm.start': old }));
    sync.update(build('&VM', { 'vm.shutdown': now }));
    sync.command('vm.start');
    sync.command('unknown');
    sync.command('vm.shutdown');
    expect(old).not.toHaveBeenCalled();
    expect(now).toHaveBeenCalledTimes(1);
    sync.dispose();
  });
});
