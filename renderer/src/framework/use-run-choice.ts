// What a command's own dialog does on OK: closes, then runs the command with the choice made,
// through runCommand, so the task (or the refused request, words and code) shows in the Events
// panel like every other command's.
import { appStore } from '../state';
import { useUi } from '../state/ui';
import { runCommand } from './run-command';
import { type Command, type SelectedObject } from './command';
import { useBridge } from './bridge-context';

export function useRunChoice() {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const close = useUi.getState().closeDialog;
  const run = (cmd: Command, target: SelectedObject, execute: Command['execute']) => {
    close();
    void runCommand({ ...cmd, dialog: undefined, execute }, [target], bridge, appStore, pushAlert);
  };
  return { bridge, close, run };
}
