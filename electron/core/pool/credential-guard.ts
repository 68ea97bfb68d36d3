// Credentials go only where the user sent them. pool.join sends one connection's password to
// another server, and a cross-pool migration sends a session on the destination pool to the source
// pool: a compromised renderer could add a server it controls and name it as the other end. So,
// before either, main checks (a) both connections are live and logged in, and were added by the
// user in this run (servers.add, the demo, a reconnect with a typed password) or restored from the
// saved list, and (b) when the host provides one (Electron: a native dialog), asks the user,
// naming both servers. The browser host has no native dialog: it relies on (a) (docs/pools.md).
import type { Connection } from '../connection/connection';
import type { ObjectRecord } from '../cache/object-cache';
import { XapiError } from '../xapi/errors';
import { hostLabel } from '../xapi/address';

/**
 * How a connection came to be: added by the user in this run, restored from the saved list at
 * start, or read from an imported server list (which counts as the user's only once the user has
 * logged it in with a password they typed: it then becomes 'added').
 */
export type ConnectionOrigin = 'added' | 'restored' | 'imported';

export interface ServerIdentity {
  /** The server's address as the user typed it (host[:port]). */
  address: string;
  /** The pool's name (an unnamed pool: its coordinator's name). */
  poolName: string;
}

export interface CredentialUse {
  /** Whose credentials or session are sent. */
  from: ServerIdentity;
  /** The server that receives them. */
  to: ServerIdentity;
  operation: 'pool.join' | 'vm.crossPoolMigrate';
}

/** Asks the user; true to go on. */
export type ConfirmCredentialUse = (use: CredentialUse) => Promise<boolean>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const first = (m: ReadonlyMap<string, ObjectRecord>): ObjectRecord | undefined => m.values().next().value;

export function serverIdentity(c: Pick<Connection, 'url' | 'cache'>): ServerIdentity {
  const pool = first(c.cache.getAll('pool'));
  const coordinator = pool ? c.cache.get('host', str(pool.master)) : undefined;
  return { address: hostLabel(c.url), poolName: str(pool?.name_label) || str(coordinator?.name_label) || hostLabel(c.url) };
}

interface Party { conn: Connection; origin: ConnectionOrigin | undefined }

/** Throws CREDENTIAL_USE_REFUSED unless both connections are live, logged in and the user's. */
export function checkCredentialParties(from: Party, to: Party): void {
  for (const { conn, origin } of [from, to]) {
    if (conn.status !== 'connected') {
      throw new XapiError('CREDENTIAL_USE_REFUSED', [hostLabel(conn.url), conn.status], {
        message: `${hostLabel(conn.url)} is not connected and logged in (${conn.status}): credentials are sent only between live connections. Reconnect it, then try again.`,
      });
    }
    if (origin !== 'added' && origin !== 'restored') {
      throw new XapiError('CREDENTIAL_USE_REFUSED', [hostLabel(conn.url), origin ?? 'unknown'], {
        message: `${hostLabel(conn.url)} was not added by you in this session nor restored from your saved servers: connect it with its password first.`,
      });
    }
  }
}

/** Throws unless `from`'s credentials may be sent to `to` for `operation`: the parties, then the user. */
export async function checkCredentialUse(from: Party, to: Party, operation: CredentialUse['operation'], confirm?: ConfirmCredentialUse): Promise<void> {
  checkCredentialParties(from, to);
  if (!confirm) return;
  const use: CredentialUse = { from: serverIdentity(from.conn), to: serverIdentity(to.conn), operation };
  if (!(await confirm(use))) {
    throw new XapiError('CREDENTIAL_USE_DECLINED', [use.from.address, use.to.address], {
      message: `Cancelled: the credentials of ${use.from.address} were not sent to ${use.to.address}.`,
    });
  }
}
