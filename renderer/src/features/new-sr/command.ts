// Storage > New SR… (toolbar "New Storage", the pool and server context menus) and Reattach… of a
// detached SR (Storage menu, the SR's context menu): both open the New Storage Repository wizard;
// Finish sends one srWizard.finish request (main runs it on one task).
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import type { AppState } from '../../state/store';
import type { SrWizardFinish } from '../../../../shared/ipc/areas/sr-wizard';
import { record } from '../../xapi-model/records';
import { refs } from '../../xapi-model/refs';
import { str } from '../../xapi-model/format';
import { kindsForSrType } from './model';

type StoreView = Pick<AppState, 'objects' | 'connections'>;
export const NEW_SR_TITLE = 'New Storage Repository';

function newSrRefusal(selection: Selection, store: StoreView): string | undefined {
  if (selection.length === 0) return 'Select a pool or server to add the storage to';
  if (selection.length > 1 && new Set(selection.map((s) => s.connectionId)).size > 1) return 'Select objects of one pool';
  if (store.connections.get(selection[0].connectionId)?.status !== 'connected') return 'The server is not connected';
  return undefined;
}

export const NEW_SR_COMMAND: Command = {
  id: 'sr.new',
  label: 'New SR…',
  dialog: 'newSr',
  methods: ['SR.probe', 'SR.create', 'SR.introduce', 'PBD.create', 'PBD.plug'],
  canExecute: (selection, store) => newSrRefusal(selection, store) === undefined,
  disabledReason: (selection, store) => newSrRefusal(selection, store),
  // The menus open the wizard; there is nothing to run without its choices.
  async execute(selection) {
    return [{ target: selection[0], title: NEW_SR_TITLE, error: { code: 'NEEDS_WIZARD', params: [], message: 'New SR needs the wizard' } }];
  },
};

/** Why a selected SR cannot be reattached (ReattachSRCommand.CanReattachSR), in words. */
export function reattachRefusal(selection: Selection, store: StoreView): string | undefined {
  if (selection.length !== 1) return 'Select one storage repository';
  const t = selection[0];
  if (t.cls !== 'sr') return 'Select a storage repository';
  const sr = record(store, t.connectionId, 'sr', t.ref);
  if (!sr) return 'The storage repository is no longer on the server';
  if (refs(sr.PBDs).length > 0) {
    const plugged = refs(sr.PBDs).some((p) => record(store, t.connectionId, 'pbd', p)?.currently_attached === true);
    return plugged ? 'The SR is attached' : 'The SR still has its connections to the servers: use Repair to plug them';
  }
  const ops = sr.current_operations;
  if (ops && typeof ops === 'object' && Object.keys(ops).length > 0) return 'An operation is in progress on the SR';
  if (kindsForSrType(str(sr.type)).length === 0) return `An SR of type '${str(sr.type)}' cannot be reattached here`;
  return undefined;
}

export const REATTACH_SR_COMMAND: Command = {
  id: 'sr.reattach',
  label: 'Reattach…',
  dialog: 'reattachSr',
  methods: ['SR.probe', 'PBD.create', 'PBD.plug', 'SR.set_name_label'],
  canExecute: (selection, store) => reattachRefusal(selection, store) === undefined,
  disabledReason: (selection, store) => reattachRefusal(selection, store),
  async execute(selection) {
    return [{ target: selection[0], title: 'Attach Storage Repository', error: { code: 'NEEDS_WIZARD', params: [], message: 'Reattach needs the wizard' } }];
  },
};

/** The wizard's Finish: one request; the task it returns (or its refusal) goes to the Events panel. */
export function finishSr(bridge: Bridge, target: SelectedObject, f: SrWizardFinish): Promise<CommandOutcome> {
  // The Events panel's row: "Creating SR 'name'" (the title, then the object's name).
  const title = f.mode === 'create' ? 'Creating SR' : 'Attaching SR';
  return requestOutcome(target, title, f.name, () => bridge.request('srWizard.finish', f));
}
