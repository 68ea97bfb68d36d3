// The tabs of an object kind: every feature's tabs for that kind, by their order.
import type { Feature } from './feature';
import type { AppState } from '../state/store';
import type { TabDefinition, TabTarget } from './tab';

/** The tabs of `kind`; given an object and the store, only those whose `shows` accepts that object. */
export function tabsFor(kind: string, features: readonly Feature[], on?: { target: TabTarget; store: Pick<AppState, 'objects'> }): TabDefinition[] {
  return features.flatMap((f) => f.tabs ?? [])
    .filter((t) => t.kinds.includes(kind) && (!on || !t.shows || t.shows(on.target, on.store)))
    .sort((a, b) => a.order - b.order).map((t) => t.tab);
}
