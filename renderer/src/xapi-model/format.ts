export function formatBytes(n: unknown): string {
  const v = typeof n === 'number' ? n : Number(n);
  if (!Number.isFinite(v) || v < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = v;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  const s = i === 0 ? String(Math.round(x)) : x >= 100 ? x.toFixed(0) : x.toFixed(1).replace(/\.0$/, '');
  return `${s} ${units[i]}`;
}

/** A moment as people read it: the time alone if it is today (`now`'s day), else the date and time. */
export function formatTime(ms: number, now: number = Date.now()): string {
  if (!ms) return '';
  const d = new Date(ms);
  const sameDay = d.toDateString() === new Date(now).toDateString();
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString();
}

export function yesNo(v: unknown): string {
  return v === true || v === 'true' ? 'Yes' : 'No';
}

/** Server values as text: strings as they are, numbers/booleans printed, anything else (objects from a hostile server) empty. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
/** The words for a power state; an unknown value is shown as it is (never a prototype member). */
export const powerStateText = (ps: string): string => (Object.hasOwn(POWER_STATES, ps) ? POWER_STATES[ps] : ps);
const POWER_STATES: Record<string, string> = { Running: 'Running', Halted: 'Halted', Suspended: 'Suspended', Paused: 'Paused' };
