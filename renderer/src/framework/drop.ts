// Drag and drop in the tree, as a contribution point: a feature says what dropping objects on a row
// would do (migrate VMs onto a server, ...) and does it. The tree asks while the user drags, so a
// refused drop shows its reason before the mouse is released; features never import the tree.
import type { Bridge } from '../bridge/types';
import type { StoreView } from '../state/store';
import type { CommandOutcome, Selection } from './command';

/** The row objects are dragged onto: its kind ('host', 'pool', 'folder', 'tag', ...) and object. */
export interface DropTarget { kind: string; connectionId: string; cls: string; ref: string; name: string }

/** What the drop would do ("Migrate 3 VMs to h2"), or why it cannot be done. */
export type DropVerdict = { ok: true; label: string } | { ok: false; reason: string };

export interface DropSpec {
  /** This drop, judged now; undefined when it is none of this spec's business (another may take it). */
  judge(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined;
  /** Does it: one outcome per request started, for the Events panel. */
  drop(dragged: Selection, target: DropTarget, bridge: Bridge, store: StoreView): Promise<CommandOutcome[]>;
}

/** The first spec that has a verdict on this drop, with it; none when no feature takes such drops. */
export function judgeDrop(specs: readonly DropSpec[], dragged: Selection, target: DropTarget, store: StoreView): { spec: DropSpec; verdict: DropVerdict } | undefined {
  if (dragged.length === 0) return undefined;
  for (const spec of specs) {
    const verdict = spec.judge(dragged, target, store);
    if (verdict) return { spec, verdict };
  }
  return undefined;
}
