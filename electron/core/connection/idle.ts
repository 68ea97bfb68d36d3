import type { Connection } from './connection';

/** Not logged in and not trying to: the state a reconnect starts from. */
export function isIdle(c: Connection): boolean {
  return c.status === 'disconnected' || c.status === 'failed';
}
