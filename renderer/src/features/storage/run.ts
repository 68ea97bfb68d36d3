// Runs one of the Storage tab's commands with the user's choice: one storage.change request (main
// runs its calls on one task), reported through runCommand like every command, so the Events panel
// shows the task, or the refused request with XAPI's words and code.
import { useCallback } from 'react';
import { appStore } from '../../state';
import { useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { runCommand } from '../../framework/run-command';
import { requestOutcome } from '../../framework/outcome';
import type { Command, SelectedObject } from '../../framework/command';
import type { StorageChange } from '../../../../shared/ipc/areas/storage';

type Change = StorageChange extends infer C ? C extends StorageChange ? Omit<C, 'connectionId'> : never : never;

export function useStorageRun(): (cmd: Command, target: SelectedObject, title: string, name: string, change: Change) => void {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  return useCallback((cmd, target, title, name, change) => {
    const execute: Command['execute'] = async () => [await requestOutcome(target, title, name,
      () => bridge.request('storage.change', { ...change, connectionId: target.connectionId } as StorageChange))];
    void runCommand({ ...cmd, dialog: undefined, execute }, [target], bridge, appStore, pushAlert);
  }, [bridge, pushAlert]);
}
