// The Alerts view's filters, as XenCenter's AlertSummaryPage: by location (server or pool), by
// severity, by date (the last 24 hours, 3, 7 or 30 days, a custom range, or all), and by text. One
// more than XenCenter: the alerts of the objects selected in the tree only (in the Location menu).
import type { StoreView } from '../../state/store';
import type { Selection } from '../../framework/command';
import type { Alert } from './alert-text';

export type DateRange = 'all' | '24h' | '3d' | '7d' | '30d' | 'custom';

export interface AlertFilters {
  /** Servers whose alerts are hidden (connection ids). */
  hiddenServers: ReadonlySet<string>;
  /** Severities hidden (0 unknown, 1 critical … 5 information). */
  hiddenSeverities: ReadonlySet<number>;
  date: DateRange;
  /** A custom range's ends, ms since the epoch (either may be open). */
  from?: number;
  to?: number;
  /** Words the title, description, object or location contain (any case). */
  text: string;
  /** Only the alerts of the objects selected in the tree (objectScope). */
  selectedOnly: boolean;
}

export const NO_FILTERS: AlertFilters = { hiddenServers: new Set(), hiddenSeverities: new Set(), date: 'all', text: '', selectedOnly: false };

export const DATE_RANGE_WORDS: Readonly<Record<DateRange, string>> = {
  all: 'All dates', '24h': 'Last 24 hours', '3d': 'Last 3 days', '7d': 'Last 7 days', '30d': 'Last 30 days', custom: 'Custom range',
};

const HOUR = 3_600_000;
const SPAN: Readonly<Partial<Record<DateRange, number>>> = { '24h': 24 * HOUR, '3d': 72 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR };

/** The times a date filter lets through: [from, to], either end open. */
export function dateBounds(f: Pick<AlertFilters, 'date' | 'from' | 'to'>, now: number): { from?: number; to?: number } {
  if (f.date === 'custom') return { from: f.from, to: f.to };
  const span = SPAN[f.date];
  return span === undefined ? {} : { from: now - span };
}

export function isFiltered(f: AlertFilters): boolean {
  return f.hiddenServers.size > 0 || f.hiddenSeverities.size > 0 || f.date !== 'all' || f.text.trim() !== '' || f.selectedOnly;
}

/**
 * Which alerts "the selected objects" means: a pool's are every alert of its servers; a server's are
 * its own and its control domain's (perfmon's alarms on dom0 are the server's); any other object's
 * are those about it.
 */
export function objectScope(selection: Selection, s: Pick<StoreView, 'objects'>): (a: Alert) => boolean {
  const pools = new Set<string>();
  const objects = new Set<string>();
  for (const o of selection) {
    if (o.cls === 'pool') { pools.add(o.connectionId); continue; }
    objects.add(`${o.connectionId}\u0000${o.cls}\u0000${o.ref}`);
    if (o.cls !== 'host') continue;
    for (const [ref, vm] of s.objects.get(o.connectionId)?.get('vm') ?? []) {
      if (vm.is_control_domain === true && vm.resident_on === o.ref) objects.add(`${o.connectionId}\u0000vm\u0000${ref}`);
    }
  }
  return (a) => pools.has(a.connectionId) || (a.object !== undefined && objects.has(`${a.connectionId}\u0000${a.object.cls}\u0000${a.object.ref}`));
}

/** The alerts the filters let through, in the same order; `scope` is objectScope's answer when selectedOnly is on. */
export function filterAlerts(alerts: readonly Alert[], f: AlertFilters, now: number, scope?: (a: Alert) => boolean): readonly Alert[] {
  if (!isFiltered(f)) return alerts;
  const { from, to } = dateBounds(f, now);
  const words = f.text.trim().toLowerCase();
  const inScope = f.selectedOnly ? scope ?? (() => false) : undefined;
  return alerts.filter((a) => {
    if (f.hiddenServers.has(a.connectionId) || f.hiddenSeverities.has(a.priority)) return false;
    if (from !== undefined && a.timestamp < from) return false;
    if (to !== undefined && a.timestamp > to) return false;
    if (inScope && !inScope(a)) return false;
    // Alert.search: lower-cased once per alert, not on each keystroke.
    return !words || a.search.includes(words);
  });
}
