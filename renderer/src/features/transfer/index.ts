// Import… (an XVA file into a pool, also opened by double-clicking an .xva: OpenedFileListener) and
// Export… (a VM to an XVA file).
import { at, type Feature } from '../../framework/feature';
import type { Action } from '../../framework/command';
import { EXPORT_COMMAND } from './commands';
import { ImportVmDialog } from './ImportVmDialog';
import { IMPORT_DIALOG, OpenedFileListener } from './OpenedFileListener';

const IMPORT_VM: Action = { id: 'vm.import', label: 'Import…', perform: ({ ui }) => ui.openDialog(IMPORT_DIALOG) };

export const transferFeature: Feature = {
  id: 'transfer',
  commands: [
    { entry: IMPORT_VM, places: [at('menu:file', 10)] },
    { entry: EXPORT_COMMAND, places: [at('menu:vm', 50), at('context:vm', 40)] },
  ],
  dialogs: [{ kind: IMPORT_DIALOG, component: ImportVmDialog }],
  mounts: [OpenedFileListener],
};
