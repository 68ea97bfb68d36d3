import type { BridgeEvent, Envelope, RequestArgs, RequestChannel, RequestResult } from '../../../shared/ipc/contract';
import { unwrapEnvelope, type Bridge } from './types';

/** What electron/preload.ts exposes with contextBridge. */
export interface XenBridgeApi {
  request(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  onEvent(cb: (e: BridgeEvent) => void): () => void;
}

declare global {
  interface Window { xenBridge?: XenBridgeApi }
}

export function createElectronBridge(api: XenBridgeApi): Bridge {
  return {
    async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
      const env = await api.request(channel, args);
      return unwrapEnvelope(env as Envelope<RequestResult<C>>);
    },
    subscribe(listener) {
      return api.onEvent(listener);
    },
  };
}
