import { useCallback } from 'react';
import { appStore, useApp } from '../state';
import { useUi } from '../state/ui';
import { commandState, commandTargets, type CommandState } from './availability';
import { runCommand } from './run-command';
import { isAction, type Command, type MenuEntry, type Selection } from './command';
import { useBridge } from './bridge-context';

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
  const openDialog = useUi((s) => s.openDialog);
  const openDialogOn = useUi((s) => s.openDialogOn);
  return useCallback((cmd, selection) => {
    if (cmd.dialog) {
      const state = appStore.getState();
      if (!commandState(cmd, selection, state).enabled) return;
      if (selection.length === 1) openDialog(cmd.dialog, selection[0]);
      else if (cmd.multiDialog) openDialogOn(cmd.multiDialog, [...commandTargets(cmd, selection, state)]);
      return;
    }
    const go = () => void runCommand(cmd, selection, bridge, appStore, pushAlert, (d) => setUi('serverDialog', d));
    const spec = cmd.confirmation;
    if (!spec) { go(); return; }
    // Ask first, unless the user said not to (main's settings). Settings that cannot be read: ask.
    // The question names the objects it will act on (of several, those that allow it).
    const ask = () => setUi('confirmRequest', { cmd, selection: [...commandTargets(cmd, selection, appStore.getState())] });
    bridge.request('settings.confirmations', {}).then(({ skipped }) => (skipped.includes(spec.id) ? go() : ask()), ask);
  }, [bridge, pushAlert, setUi, openDialog, openDialogOn]);
}

/** Each entry's state: commands as useCommandStates; actions from the UI state (their reason, their check mark). */
export function useEntryStates(entries: readonly MenuEntry[], selection: Selection): Array<CommandState & { checked?: boolean }> {
  const commands = entries.filter((e): e is Command => !isAction(e));
  const commandStates = useCommandStates(commands, selection);
  const ui = useUi();
  let k = 0;
  return entries.map((e) => {
    if (!isAction(e)) return commandStates[k++];
    const reason = e.disabledReason?.(ui);
    return { enabled: !reason, reason, checked: e.checked?.(ui) };
  });
}

/** Runs an entry: an action at once, a command through useRunCommand (its dialog, question, or run). */
export function useRunEntry(): (entry: MenuEntry, selection: Selection) => void {
  const bridge = useBridge();
  const run = useRunCommand();
  return useCallback((entry, selection) => {
    if (isAction(entry)) entry.perform({ bridge, ui: useUi.getState() });
    else run(entry, selection);
  }, [bridge, run]);
}
