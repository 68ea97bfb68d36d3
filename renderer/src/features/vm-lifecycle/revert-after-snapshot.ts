// Revert To… with "Take a snapshot of the current state first" (XenCenter's revert dialog): the VM
// is snapshotted, and only when that task succeeds is it reverted, so nothing is lost by mistake.
import type { StoreApi } from 'zustand/vanilla';
import type { Bridge } from '../../bridge/types';
import { toErrorInfo } from '../../bridge/types';
import { taskKey, type AppState, type TaskEntry } from '../../state/store';
import { errorText } from '../../xapi-model/errors';
import { REVERT_SNAPSHOT_COMMAND, SNAPSHOT_TITLE, takeSnapshot } from './commands';
import { runCommand } from '../../framework/run-command';
import { snapshotName } from './model';
import { type SelectedObject } from '../../framework/command';

/** Resolves with the task's final status once it has one (success, failure, cancelled). */
export function taskEnd(store: StoreApi<AppState>, connectionId: string, taskRef: string): Promise<TaskEntry['status']> {
  const key = taskKey(connectionId, taskRef);
  const ended = (s: AppState) => {
    const st = s.tasks.get(key)?.status;
    return st && st !== 'pending' && st !== 'cancelling' ? st : undefined;
  };
  return new Promise((resolve) => {
    const now = ended(store.getState());
    if (now) { resolve(now); return; }
    const stop = store.subscribe((s) => {
      const st = ended(s);
      if (st) { stop(); resolve(st); }
    });
  });
}

/**
 * Takes a disk snapshot of the VM ("<VM> <date time>", described as taken before the revert), waits
 * for it, then runs Revert To on `snapshot`. A refused or failed snapshot stops there: the Events
 * panel (and an alert, for a refusal) says why, and the VM is not reverted.
 */
export async function revertAfterSnapshot(
  bridge: Bridge, store: StoreApi<AppState>, snapshot: SelectedObject, vm: { target: SelectedObject; name: string; snapshotName: string },
  alert: (msg: string) => void, now = new Date(),
): Promise<void> {
  const choice = { name: snapshotName(vm.name, now), description: `Taken before reverting to '${vm.snapshotName}'`, mode: 'snapshot' as const };
  const out = await takeSnapshot(bridge, vm.target, choice, store.getState());
  if (!out.taskRef) {
    const info = toErrorInfo(out.error);
    store.getState().noteFailedRequest(vm.target.connectionId, { title: SNAPSHOT_TITLE, vm: vm.name }, info);
    alert(`${SNAPSHOT_TITLE} '${vm.name}' failed, so it was not reverted: ${errorText(info)}`);
    return;
  }
  store.getState().noteOwnTask(vm.target.connectionId, out.taskRef, { title: SNAPSHOT_TITLE, vm: vm.name });
  if (await taskEnd(store, vm.target.connectionId, out.taskRef) !== 'success') return;
  await runCommand({ ...REVERT_SNAPSHOT_COMMAND, dialog: undefined }, [snapshot], bridge, store, alert);
}
