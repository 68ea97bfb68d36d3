// The Alerts view's own state: which bottom view shows (Events or Alerts), the filters, and the
// selected rows. Kept for the session only, as XenCenter keeps its filters while it runs.
import { create } from 'zustand';
import { NO_FILTERS, type AlertFilters } from './filters';

export type BottomView = 'events' | 'alerts';

export interface AlertsUi {
  view: BottomView;
  filters: AlertFilters;
  /** Selected alerts (Alert.key), and the row the keyboard is on. */
  selected: ReadonlySet<string>;
  focus: string | null;
  /** Desktop notifications on (main's settings.notifications, read at start). */
  desktop: boolean;
  setView(view: BottomView): void;
  setFilters(change: Partial<AlertFilters>): void;
  select(keys: Iterable<string>, focus: string | null): void;
}

export const useAlertsUi = create<AlertsUi>()((set, get) => ({
  view: 'events',
  filters: NO_FILTERS,
  selected: new Set(),
  focus: null,
  desktop: false,
  setView(view) { set({ view }); },
  setFilters(change) { set({ filters: { ...get().filters, ...change } }); },
  select(keys, focus) { set({ selected: new Set(keys), focus }); },
}));
