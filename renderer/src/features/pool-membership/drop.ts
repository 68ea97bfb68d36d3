// A standalone server dragged onto a pool joins it (XenCenter's drag and drop), after the Add Server to
// Pool question: the drop opens that dialog with the pool picked. Judged while dragging with the
// same pre-join checks (xapi-model/pool-checks.ts), so a refused drop says why before the release.
import { useUi } from '../../state/ui';
import type { StoreView } from '../../state/store';
import type { Selection } from '../../framework/command';
import type { DropSpec, DropTarget, DropVerdict } from '../../framework/drop';
import { notConnectedReason, privilegeReason } from '../../framework/availability';
import { blockerText, joinBlocker } from '../../xapi-model/pool-checks';
import { ADD_TO_POOL, addToPoolBlocker, addToPoolStart, serverChoiceName } from './commands';

function judgeJoin(dragged: Selection, target: DropTarget, store: StoreView): DropVerdict | undefined {
  if (target.kind !== 'pool' || !dragged.every((s) => s.cls === 'host')) return undefined;
  if (dragged.length > 1) return { ok: false, reason: 'Add one server to a pool at a time' };
  const [host] = dragged;
  if (host.connectionId === target.connectionId) return undefined;
  const down = notConnectedReason([host, target], store);
  if (down) return { ok: false, reason: down };
  if (!addToPoolStart([host], store)?.server) return { ok: false, reason: addToPoolBlocker([host], store) };
  const server = serverChoiceName(store, host.connectionId), pool = serverChoiceName(store, target.connectionId);
  const blocker = joinBlocker(store, host.connectionId, target.connectionId);
  if (blocker) return { ok: false, reason: `'${server}' cannot join '${pool}': ${blockerText(blocker)}` };
  const denied = privilegeReason(ADD_TO_POOL, [host, target], store);
  if (denied) return { ok: false, reason: denied };
  return { ok: true, label: `Add '${server}' to pool '${pool}'` };
}

export const JOIN_DROP: DropSpec = {
  judge: judgeJoin,
  // Joining a pool is not undone by a drag back: the dialog asks first, as the menu's command does.
  drop: async ([host], target) => {
    useUi.getState().openDialog('addToPool', host, { connectionId: target.connectionId, cls: 'pool', ref: target.ref });
    return [];
  },
};
