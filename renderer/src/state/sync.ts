// Start-up: subscribe first (buffering), fetch the snapshot, apply it, then the buffered events.
import type { StoreApi } from 'zustand/vanilla';
import type { BridgeEvent } from '../../../shared/ipc/contract';
import type { Bridge } from '../bridge/types';
import type { AppState } from './store';

export function applyEvent(store: StoreApi<AppState>, e: BridgeEvent): void {
  const s = store.getState();
  switch (e.channel) {
    case 'cache.delta': s.applyDelta(e.payload as BridgeEvent<'cache.delta'>['payload']); break;
    case 'connection.state': s.applyConnection(e.payload as BridgeEvent<'connection.state'>['payload']); break;
    case 'connection.removed': s.removeConnection((e.payload as BridgeEvent<'connection.removed'>['payload']).connectionId); break;
    default: break;
  }
}

/** Keeps the store in step with main. Returns a stop function. */
export function startSync(bridge: Bridge, store: StoreApi<AppState>, onError?: (err: unknown) => void): () => void {
  let buffer: BridgeEvent[] | null = [];
  let stopped = false;
  const unsubscribe = bridge.subscribe((e) => {
    if (buffer) buffer.push(e);
    else applyEvent(store, e);
  });

  async function load(): Promise<void> {
    if (!buffer) buffer = [];
    try {
      const snap = await bridge.request('state.snapshot', {});
      if (stopped) return;
      store.getState().applySnapshot(snap);
    } catch (err) {
      onError?.(err);
    } finally {
      const pending = buffer ?? [];
      buffer = null;
      for (const e of pending) applyEvent(store, e);
    }
  }
  void load();
  const offReconnect = bridge.onReconnected?.(() => { void load(); });
  return () => {
    stopped = true;
    unsubscribe();
    offReconnect?.();
  };
}
