import { useCallback } from 'react';
import { appStore, useApp } from '../store';
import { useUi } from '../store/ui';
import { runCommand, type Command, type Selection } from '../commands';
import { useBridge } from './context';

/** Which of the commands can execute on the selection, as a stable string key ("1" / "0" each). */
export function useEnabledMask(commands: readonly Command[], selection: Selection): boolean[] {
  const mask = useApp((s) => commands.map((c) => (c.canExecute(selection, s) ? '1' : '0')).join(''));
  return [...mask].map((ch) => ch === '1');
}

export function useRunCommand(): (cmd: Command, selection: Selection) => void {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const setUi = useUi((s) => s.set);
  return useCallback((cmd, selection) => {
    if (cmd.dialog) {
      if (selection.length === 1 && cmd.canExecute(selection, appStore.getState())) setUi('commandDialog', { kind: cmd.dialog, target: selection[0] });
      return;
    }
    void runCommand(cmd, selection, bridge, appStore, pushAlert, (d) => setUi('serverDialog', d));
  }, [bridge, pushAlert, setUi]);
}
