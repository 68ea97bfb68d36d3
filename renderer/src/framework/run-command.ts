import type { StoreApi } from 'zustand/vanilla';
import type { Bridge } from '../bridge/types';
import { toErrorInfo } from '../bridge/types';
import type { AppState } from '../state/store';
import { errorText } from '../xapi-model/errors';
import { commandState, commandTargets } from './availability';
import type { Command, CommandOutcome, Selection, ServerDialogRequest } from './command';

/**
 * Runs a command and records what it started: task titles for the Events panel, and a failed
 * row plus an alert message for every request that was rejected.
 */
export async function runCommand(
  cmd: Command, selection: Selection, bridge: Bridge, store: StoreApi<AppState>, alert: (msg: string) => void,
  openDialog?: (d: ServerDialogRequest) => void,
): Promise<void> {
  const state = store.getState();
  const can = commandState(cmd, selection, state);
  // Reached from a dialog opened before things changed (its server lost, say): say why nothing happens.
  if (!can.enabled) { if (can.reason) alert(`${cmd.label.replace(/…$/, '')} cannot run: ${can.reason}`); return; }
  // Of several objects, those the command can run on now (the others are left as they are).
  const targets = commandTargets(cmd, selection, state);
  const dialog = openDialog && cmd.interact ? cmd.interact(targets, state) : null;
  if (dialog && openDialog) { openDialog(dialog); return; }
  let outcomes;
  try {
    outcomes = await cmd.execute(targets, bridge, state);
  } catch (err) {
    alert(`${cmd.label} failed: ${errorText(toErrorInfo(err))}`);
    return;
  }
  noteOutcomes(outcomes, store, alert, openDialog);
}

/** What a command (or a drop) started: each task into the Events panel, each refusal a failed row and an alert. */
export function noteOutcomes(
  outcomes: readonly CommandOutcome[], store: StoreApi<AppState>, alert: (msg: string) => void, openDialog?: (d: ServerDialogRequest) => void,
): void {
  for (const o of outcomes) {
    // Main has no password for this server: ask for it (Reconnect's password prompt).
    if (o.error && openDialog && toErrorInfo(o.error).code === 'PASSWORD_NEEDED' && o.target.connectionId) {
      openDialog({ kind: 'password', connectionIds: [o.target.connectionId] });
      continue;
    }
    if (o.taskRef) store.getState().noteOwnTask(o.target.connectionId, o.taskRef, { title: o.title, vm: o.vm, ref: o.target.ref });
    else if (o.error) {
      const info = toErrorInfo(o.error);
      store.getState().noteFailedRequest(o.target.connectionId, { title: o.title, vm: o.vm }, info);
      alert(`${o.title}${o.vm ? ` '${o.vm}'` : ''} failed: ${errorText(info)}`);
    }
  }
}
