// Tools > XAPI Operations…: every operation of the reference on the selected object, with its parameters.
import { at, type Feature } from '../../framework/feature';
import type { SelectedObject } from '../../framework/command';
import { useUi } from '../../state/ui';
import { OPERATIONS_COMMAND } from './command';
import { OperationsDialog } from './OperationsDialog';

export const operationsFeature: Feature = {
  id: 'operations',
  commands: [{ entry: OPERATIONS_COMMAND, places: [at('menu:tools', 0), at('context:any', 90)] }],
  dialogs: [{ kind: 'operations', component: ({ target }: { target: SelectedObject }) => <OperationsDialog target={target} onClose={useUi.getState().closeDialog} /> }],
};
