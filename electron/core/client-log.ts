// The client's own log, kept in memory for the Server Status Report's client logs (XenCenter puts its
// XenCenter.log in the zip): what main logs (already logSafe'd) and each connection's state changes,
// timestamped, the newest MAX_LINES. No session ref or password is ever written to it: lines are
// messages and ConnectionInfo fields, which never hold either.
import type { ConnectionInfo } from '../../shared/ipc/model';
import { logSafe } from './log-safe';

const MAX_LINES = 5000;

export class ClientLog {
  readonly #lines: string[] = [];
  /** Each connection's last logged status and role. */
  readonly #last = new Map<string, string>();

  add(message: string, at = new Date()): void {
    this.#lines.push(`${at.toISOString()} ${message}`);
    if (this.#lines.length > MAX_LINES) this.#lines.splice(0, this.#lines.length - MAX_LINES);
  }

  /** A connection's new state, once per change of status or role. */
  connectionState(info: ConnectionInfo): void {
    const key = `${info.status}|${info.role ?? ''}`;
    if (this.#last.get(info.id) === key) return;
    this.#last.set(info.id, key);
    const role = info.role ? `, role ${info.role}` : '';
    const error = info.error ? `: ${info.error.message} (${info.error.code})` : '';
    this.add(logSafe(`connection ${info.id} to ${info.hostname} as ${info.user}: ${info.status}${role}${error}`));
  }

  text(): string {
    return this.#lines.length ? `${this.#lines.join('\n')}\n` : '';
  }
}
