// Which password a reconnect (Reconnect, Reconnect As, Connect All, restore) logs in with.
import type { Connection } from '../connection/connection';
import { XapiError } from '../xapi/errors';
import { hostLabel } from '../xapi/address';
import type { SavedPasswords } from './saved-passwords';

/**
 * The one given, else the stored one, else the one held from earlier this run (the last two only
 * for the connection's own user). None: the connection shows failed "Password needed" with why,
 * and PASSWORD_NEEDED is thrown.
 */
export async function reconnectPassword(passwords: SavedPasswords, c: Connection, creds: { user?: string; password?: string }): Promise<string> {
  let password = creds.password;
  if (password === undefined && (creds.user === undefined || creds.user === c.user)) {
    password = await passwords.stored(c);
    // A saved password bound to another server (or of an earlier version) does not count: the
    // renderer then asks for the password, as for a server without one.
    if (password === undefined && passwords.refusedReason(c.id) && c.meta.hasStoredPassword) c.setMeta({ hasStoredPassword: false }, false);
  }
  if (password === undefined && (creds.user === undefined || creds.user === c.user) && c.hasPassword) password = c.heldPassword();
  if (password === undefined) {
    const why = passwords.status() === 'main-password-locked' && c.meta.hasStoredPassword
      ? 'the password store is locked (unlock it with the main password, or enter the password)'
      : passwords.refusedReason(c.id) ?? 'no password is stored for it';
    const err = new XapiError('PASSWORD_NEEDED', [hostLabel(c.url)], { message: `Password needed: ${c.user} on ${hostLabel(c.url)} cannot be connected because ${why}.` });
    c.setIdleState('failed', err.toErrorInfo());
    throw err;
  }
  return password;
}
