// Servers: adding, connecting and forgetting servers, the saved list's export/import, the demo
// pool, and the snapshot a renderer starts from.
import type { CacheDelta, ConnectionInfo } from '../model';
import { ContractError, bool, connectionOnly, exactKeys, noArgs, optStr, str, type Validators } from '../checks';

/** Longest friendly name and server list import accepted. */
const MAX_NAME = 256;
const MAX_IMPORT = 1024 * 1024;

export interface ServersRequests {
  /**
   * Log in to a server and start following it. Rejects with the login error; nothing is kept then.
   * On success the server joins the saved list (and its password is stored when password storage
   * is available) unless `save` is false.
   */
  'servers.add': { args: { address: string; user: string; password: string; friendlyName?: string; save?: boolean }; result: { connectionId: string } };
  /** Reconnect a disconnected/failed server; with user/password: "Reconnect As…". */
  'servers.reconnect': { args: { connectionId: string; user?: string; password?: string }; result: null };
  /** Disconnect and drop from the saved list and the password store. */
  'servers.forget': { args: { connectionId: string }; result: null };
  'servers.connectAll': { args: Record<string, never>; result: null };
  'servers.disconnectAll': { args: Record<string, never>; result: null };
  /** The saved server list as JSON text, without passwords. */
  'servers.export': { args: Record<string, never>; result: { json: string } };
  /** Adds the servers of an exported list (not connected; no passwords). Bad input: a clear error, nothing changed. */
  'servers.import': { args: { json: string }; result: { added: number; skipped: number } };
  /** Start the built-in demo pool (an in-process simulator) and connect to it. */
  'servers.demo': { args: Record<string, never>; result: { connectionId: string } };
  'servers.disconnect': { args: { connectionId: string }; result: null };
  'servers.remove': { args: { connectionId: string }; result: null };
  /** Everything main knows now: connections and every cached object (used on renderer start). */
  'state.snapshot': { args: Record<string, never>; result: { connections: ConnectionInfo[]; deltas: CacheDelta[] } };
}

export const SERVERS_VALIDATORS: Validators<ServersRequests> = {
  'servers.add': (o) => {
    exactKeys(o, ['address', 'user', 'password', 'friendlyName', 'save']);
    const friendlyName = optStr(o, 'friendlyName', MAX_NAME)?.trim();
    return {
      address: str(o, 'address').trim(), user: str(o, 'user'), password: str(o, 'password', { allowEmpty: true }),
      ...(friendlyName ? { friendlyName } : {}),
      ...(o.save !== undefined ? { save: bool(o, 'save') } : {}),
    };
  },
  'servers.reconnect': (o) => {
    exactKeys(o, ['connectionId', 'user', 'password']);
    const user = o.user === undefined ? undefined : str(o, 'user');
    const password = o.password === undefined ? undefined : str(o, 'password', { allowEmpty: true });
    if (user !== undefined && password === undefined) throw new ContractError('"Reconnect As" needs a password with the user');
    return { connectionId: str(o, 'connectionId'), ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}) };
  },
  'servers.forget': connectionOnly,
  'servers.connectAll': noArgs,
  'servers.disconnectAll': noArgs,
  'servers.export': noArgs,
  'servers.import': (o) => {
    exactKeys(o, ['json']);
    const json = o.json;
    if (typeof json !== 'string' || json.length === 0 || json.length > MAX_IMPORT) throw new ContractError(`"json" must be a non-empty string of at most ${MAX_IMPORT} characters`);
    return { json };
  },
  'servers.demo': noArgs,
  'servers.disconnect': connectionOnly,
  'servers.remove': connectionOnly,
  'state.snapshot': noArgs,
};
