// The Networking tab's changes (network/network-change.ts); a MAC another real VM has is refused first.
import type { NetworkRequests } from '../../../../shared/ipc/areas/network';
import { startNetworkChange } from './network-change';
import { assertMacsFree } from '../../cache/mac-in-use';
import type { HandlerSlice } from '../context';

export const NETWORK_HANDLERS: HandlerSlice<NetworkRequests> = {
  'network.change': async (ch, ctx) => {
    const conn = ctx.get(ch.connectionId);
    if (ch.kind === 'addVif') {
      await conn.cache.whenComplete();
      assertMacsFree(conn.cache, [ch.mac]);
    }
    return startNetworkChange(conn, ch, (m) => ctx.log(m));
  },
};
