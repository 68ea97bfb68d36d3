import { useCallback } from 'react';
import { appStore, useApp } from '../state';
import { useUi } from '../state/ui';
import { commandState, type CommandState } from './availability';
import { runCommand } from './run-command';
import { type Command, type Selection } from './command';
import { useBridge } from './bridge-context';

/** Which of the commands can execute on the selection, as a stable string key ("1" / "0" each). */
export function useEnabledMask(commands: readonly Command[], selection: Selection): boolean[] {
  const mask = useApp((s) => commands.map((c) => (commandState(c, selection, s).enabled ? '1' : '0')).join(''));
  return [...mask].map((ch) => ch === '1');
}

const SEP = '\u0001';
/** Each command's state with the reason it cannot run (the tooltip), re-rendering only when one changes. */
export function useCommandStates(commands: readonly Command[], selection: Selection): CommandState[] {
  const key = useApp((s) => commands.map((c) => {
    const st = commandState(c, selection, s);
    return st.enabled ? '1' : `0${st.reason ?? ''}`;
  }).join(SEP));
  return key.split(SEP).map((k) => (k[0] === '1' ? { enabled: true } : { enabled: false, reason: k.slice(1) || undefined }));
}

export function useRunCommand(): (cmd: Command, selection: Selection) => void {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const setUi = useUi((s) => s.set);
  return useCallback((cmd, selection) => {
    if (cmd.dialog) {
      if (selection.length === 1 && commandState(cmd, selection, appStore.getState()).enabled) setUi('commandDialog', { kind: cmd.dialog, target: selection[0] });
      return;
    }
    const go = () => void runCommand(cmd, selection, bridge, appStore, pushAlert, (d) => setUi('serverDialog', d));
    const spec = cmd.confirmation;
    if (!spec) { go(); return; }
    // Ask first, unless the user said not to (main's settings). Settings that cannot be read: ask.
    const ask = () => setUi('confirmRequest', { cmd, selection: [...selection] });
    bridge.request('settings.confirmations', {}).then(({ skipped }) => (skipped.includes(spec.id) ? go() : ask()), ask);
  }, [bridge, pushAlert, setUi]);
}
