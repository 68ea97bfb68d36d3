// "XAPI Operations…": opens the operations dialog (OperationsDialog.tsx) on one object of a
// connected server, for any class the user's reference has operations for. What to run, and with
// which parameters, is chosen in the dialog, so there is nothing to execute without it.
import { modelClassOf } from './catalog';
import type { Command } from '../../framework/command';

export const OPERATIONS_COMMAND: Command = {
  id: 'xapi.operations',
  label: 'XAPI Operations…',
  dialog: 'operations',
  canExecute(selection, store) {
    if (selection.length !== 1) return false;
    const [s] = selection;
    return store.connections.get(s.connectionId)?.status === 'connected' && modelClassOf(s.cls) !== undefined;
  },
  disabledReason: (selection) => (selection.length !== 1 ? 'Select one object' : 'XAPI has no operations for this kind of object'),
  async execute() { return []; },
};
