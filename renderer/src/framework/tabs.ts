// The tabs of an object kind: every feature's tabs for that kind, by their order.
import type { Feature } from './feature';
import type { TabDefinition } from './tab';

export function tabsFor(kind: string, features: readonly Feature[]): TabDefinition[] {
  return features.flatMap((f) => f.tabs ?? []).filter((t) => t.kinds.includes(kind)).sort((a, b) => a.order - b.order).map((t) => t.tab);
}
