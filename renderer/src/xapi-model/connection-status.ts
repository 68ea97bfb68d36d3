// How a connection's state reads to the user: a compact badge for the tree row and a full line
// for descriptions, tooltips and the General tab. Pure: the time is passed in, so the countdown
// can tick without anything else re-rendering.
import type { ConnectionInfo, PasswordStorage } from '../../../shared/ipc/contract';
import { errorText } from './errors';

type Conn = Pick<ConnectionInfo, 'status' | 'error' | 'nextAttemptAt' | 'saved' | 'hasStoredPassword'>;

/** "Reconnecting in 12 s" / "Reconnecting now…" (seconds rounded up, minutes past 90 s). */
export function countdownText(nextAttemptAt: number | undefined, now: number): string {
  if (!nextAttemptAt) return 'Reconnecting…';
  const s = Math.ceil((nextAttemptAt - now) / 1000);
  if (s <= 0) return 'Reconnecting now…';
  if (s > 90) return `Reconnecting in ${Math.ceil(s / 60)} min`;
  return `Reconnecting in ${s} s`;
}

/** A disconnected saved server that cannot reconnect without the user. */
export function needsPassword(c: Conn, storage?: PasswordStorage): boolean {
  if (c.status === 'failed' && c.error?.code === 'PASSWORD_NEEDED') return true;
  if (c.status !== 'disconnected' || !c.saved) return false;
  return !c.hasStoredPassword || storage === 'main-password-locked';
}

/** The short text beside a top-level node's name (empty when connected). */
export function connectionBadge(c: Conn, now: number, storage?: PasswordStorage): string {
  switch (c.status) {
    case 'connected': return '';
    case 'connecting': return 'Connecting…';
    case 'reconnecting': return countdownText(c.nextAttemptAt, now);
    case 'failed':
      if (needsPassword(c, storage)) return storage === 'main-password-locked' && c.hasStoredPassword ? 'Locked' : 'Password needed';
      return 'Failed';
    case 'disconnected':
      if (needsPassword(c, storage)) return storage === 'main-password-locked' && c.hasStoredPassword ? 'Locked' : 'Password needed';
      return 'Disconnected';
    default: return String(c.status);
  }
}

/** The full status: "Reconnecting in 12 s (connection lost: …)", "Failed: words (CODE)", … */
export function connectionStatusLine(c: Conn, now: number, storage?: PasswordStorage): string {
  switch (c.status) {
    case 'connected': return 'Connected';
    case 'connecting': return 'Connecting…';
    case 'reconnecting': {
      const base = countdownText(c.nextAttemptAt, now);
      return c.error ? `${base} (connection lost: ${errorText(c.error)})` : base;
    }
    case 'failed':
      // Main's PASSWORD_NEEDED message already reads "Password needed: … because …".
      if (c.error?.code === 'PASSWORD_NEEDED') return `${c.error.message || 'Password needed'} (PASSWORD_NEEDED)`;
      return c.error ? `Failed: ${errorText(c.error)}` : 'Failed';
    case 'disconnected':
      if (needsPassword(c, storage)) {
        return storage === 'main-password-locked' && c.hasStoredPassword
          ? 'Password needed: stored passwords are locked (File > Password Storage… to unlock)'
          : 'Password needed (use Reconnect to enter it)';
      }
      return 'Disconnected';
    default: return String(c.status);
  }
}

/** Whether the line changes with time (a live countdown is needed). */
export const isCountingDown = (c: Conn): boolean => c.status === 'reconnecting' && !!c.nextAttemptAt;

/**
 * A SHA-256 fingerprint ("AB:CD:…", 32 pairs) in groups of `perGroup` pairs for display. The
 * groups joined with ':' give back the fingerprint exactly.
 */
export function groupFingerprint(fp: string, perGroup = 8): string[] {
  const pairs = fp.trim().toUpperCase().split(':').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < pairs.length; i += perGroup) out.push(pairs.slice(i, i + perGroup).join(':'));
  return out;
}

/** Validity of a certificate at `now`: 'expired', 'not-yet-valid' or 'valid' (unparseable dates: 'valid'). */
export function certificateValidity(validFrom: string, validTo: string, now: number): 'expired' | 'not-yet-valid' | 'valid' {
  const from = Date.parse(validFrom);
  const to = Date.parse(validTo);
  if (Number.isFinite(to) && now > to) return 'expired';
  if (Number.isFinite(from) && now < from) return 'not-yet-valid';
  return 'valid';
}

/** "2 servers: 1 connected, 1 reconnecting". */
export function connectionsSummary(conns: Iterable<Pick<ConnectionInfo, 'status'>>): string {
  const counts = new Map<string, number>();
  let n = 0;
  for (const c of conns) { n++; counts.set(c.status, (counts.get(c.status) ?? 0) + 1); }
  if (n === 0) return 'Not connected';
  const order = ['connected', 'connecting', 'reconnecting', 'failed', 'disconnected'];
  const parts = order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  return `${n} server${n === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
