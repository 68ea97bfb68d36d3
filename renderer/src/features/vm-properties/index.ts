// VM Properties: XenCenter's property pages of a VM or template (General, CPU, Home Server, Start
// Options, Boot Options, Advanced Options), from the VM menu, the VM context menu and Alt+Enter.
import { at, type Feature } from '../../framework/feature';
import { VM_PROPERTIES_COMMAND } from './command';
import { VmPropertiesDialog } from './PropertiesDialog';

export const vmPropertiesFeature: Feature = {
  id: 'vm-properties',
  commands: [{ entry: VM_PROPERTIES_COMMAND, places: [at('menu:vm', 90), at('context:vm', 70)] }],
  dialogs: [{ kind: 'vmProperties', component: VmPropertiesDialog }],
};
