// Command shortcuts (Command.shortcut, e.g. Properties' Alt+Enter): a key pressed anywhere in the
// window runs the command with that shortcut that fits the selected objects (several share Alt+Enter:
// the Properties of a VM, server, pool, SR, network), through the same path as its menu item (its dialog, its greying), unless a dialog is open or the keys belong to a VM's console.
import { useEffect } from 'react';
import { isAction, type Command, type Selection } from '../framework/command';
import type { AppState } from '../state/store';
import type { Feature } from '../framework/feature';
import { useRunCommand } from '../framework/use-commands';
import { appStore } from '../state';
import { useUi } from '../state/ui';
import { commandState } from '../framework/availability';

/** "Ctrl+Shift+F", "Alt+Enter": the modifiers in that order, then the key (a letter upper-cased). */
export function shortcutText(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>): string {
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return [e.ctrlKey && 'Ctrl', e.metaKey && 'Meta', e.altKey && 'Alt', e.shiftKey && 'Shift', key].filter(Boolean).join('+');
}

/** Every command that has a shortcut, by its shortcut (several may share one: Properties of each class). */
export function shortcutCommands(features: readonly Feature[]): Map<string, Command[]> {
  const out = new Map<string, Command[]>();
  for (const f of features) {
    for (const { entry } of f.commands ?? []) if (!isAction(entry) && entry.shortcut) out.set(entry.shortcut, [...(out.get(entry.shortcut) ?? []), entry]);
  }
  return out;
}

/** The command a shortcut runs on the selection: the first of those sharing it that can run on it. */
export function shortcutCommandFor(commands: readonly Command[], selection: Selection, store: Pick<AppState, 'objects' | 'connections'>): Command | undefined {
  return commands.find((c) => c.canExecute(selection, store)) ?? commands[0];
}

/** Whether a key press is for the app's shortcuts: not typed into a console, no modal dialog up. */
export function shortcutsApply(target: EventTarget | null): boolean {
  if (target instanceof Element && target.closest('[data-console-screen]')) return false;
  return useUi.getState().dialog === null && document.querySelector('[aria-modal="true"]') === null;
}

export function useCommandShortcuts(features: readonly Feature[]): void {
  const run = useRunCommand();
  useEffect(() => {
    const byKey = shortcutCommands(features);
    if (byKey.size === 0) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (['Alt', 'Control', 'Shift', 'Meta'].includes(e.key)) return;
      const cmds = byKey.get(shortcutText(e));
      if (!cmds || !shortcutsApply(e.target)) return;
      e.preventDefault();
      // Ours alone: the tree would take Enter as "select" (it stops the event from reaching the window).
      e.stopPropagation();
      const selection = useUi.getState().selection;
      const cmd = shortcutCommandFor(cmds, selection, appStore.getState());
      if (cmd && commandState(cmd, selection, appStore.getState()).enabled) run(cmd, selection);
    };
    // Capture: seen before any element's own handler (the tree's stops Enter from bubbling).
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [features, run]);
}
