// The servers' clock as XenCenter's GetServerLocalTimeAction reads it: a schedule's hour and minute are
// the servers' wall clock (xapi's vmss plugin), which may be in another time zone than this machine,
// and whose clock may be off from ours. host.get_servertime ("…Z") and host.get_server_localtime (no
// zone) give both: the time zone (their difference, to the quarter hour) and the skew (the server's
// UTC against ours). Pure: times in ms; a moment on the servers' wall clock is kept as ms read as UTC.
import { clockText } from './schedule-model';

export interface ServerClock {
  /** The servers' time zone: local minus UTC, in ms (a multiple of 15 minutes). */
  offsetMs: number;
  /** The servers' UTC clock minus ours, in ms. */
  skewMs: number;
}

const QUARTER = 15 * 60_000;

/** A XAPI datetime, with or without its zone, read as UTC; NaN when it is not one. */
function wallMs(text: string): number {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})/.exec(text);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

/** The clock from the two answers, asked at `clientNow`; undefined when either is not a date. */
export function readServerClock(utc: string, local: string, clientNow: number): ServerClock | undefined {
  const u = wallMs(utc);
  const l = wallMs(local);
  if (Number.isNaN(u) || Number.isNaN(l)) return undefined;
  return { offsetMs: Math.round((l - u) / QUARTER) * QUARTER || 0, skewMs: u - clientNow };
}

/** "UTC", "UTC+05:30", "UTC-04:00". */
export function zoneText(offsetMs: number): string {
  if (offsetMs === 0) return 'UTC';
  const m = Math.abs(offsetMs) / 60_000;
  return `UTC${offsetMs < 0 ? '-' : '+'}${clockText(Math.floor(m / 60), m % 60)}`;
}

/** Now on the servers' wall clock. */
export const serverWallNow = (c: ServerClock, clientNow: number): number => clientNow + c.skewMs + c.offsetMs;

/** A moment on the servers' wall clock as the instant it is (for this machine's clock). */
export const instantOf = (c: ServerClock, wall: number): number => wall - c.offsetMs - c.skewMs;

/** "Tue 08 Dec 2026 14:30" in this machine's time zone. */
export function localTimeText(ms: number): string {
  const d = new Date(ms);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()];
  const mo = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
  return `${wd} ${String(d.getDate()).padStart(2, '0')} ${mo} ${d.getFullYear()} ${clockText(d.getHours(), d.getMinutes())}`;
}
