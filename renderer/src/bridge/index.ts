import { createElectronBridge } from './electron-bridge';
import { createWebSocketBridge } from './ws-bridge';
import type { Bridge } from './types';

export type { Bridge } from './types';
export { BridgeError, toErrorInfo } from './types';

/** Electron when the preload exposed window.xenBridge, else the browser host's WebSocket. */
export function createBridge(): Bridge {
  if (typeof window !== 'undefined' && window.xenBridge) return createElectronBridge(window.xenBridge);
  return createWebSocketBridge();
}
