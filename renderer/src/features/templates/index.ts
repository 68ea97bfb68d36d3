// Templates: Convert to Template… on a halted VM, and a template's context menu (New VM…, Export
// Template…, Copy Template…, Delete Template…, Properties), in XenCenter's order.
import { at, type Feature } from '../../framework/feature';
import {
  CONVERT_TO_TEMPLATE_COMMAND, COPY_TEMPLATE_COMMAND, DELETE_TEMPLATE_COMMAND, EXPORT_TEMPLATE_COMMAND, NEW_VM_FROM_TEMPLATE_COMMAND,
  TEMPLATE_PROPERTIES_COMMAND,
} from './commands';
import { ConvertToTemplateDialog } from './ConvertToTemplateDialog';
import { CopyTemplateDialog } from './CopyTemplateDialog';
import { DeleteTemplateDialog } from './DeleteTemplateDialog';

export const templatesFeature: Feature = {
  id: 'templates',
  commands: [
    // Before Export… (XenCenter's VM menu: … Take Snapshot, Convert to Template, Export…).
    { entry: CONVERT_TO_TEMPLATE_COMMAND, places: [at('menu:vm', 50, { order: -1 }), at('context:vm', 40, { order: -1 })] },
    { entry: NEW_VM_FROM_TEMPLATE_COMMAND, places: [at('context:template', 10)] },
    { entry: EXPORT_TEMPLATE_COMMAND, places: [at('context:template', 20)] },
    { entry: COPY_TEMPLATE_COMMAND, places: [at('context:template', 20)] },
    { entry: DELETE_TEMPLATE_COMMAND, places: [at('context:template', 50)] },
    { entry: TEMPLATE_PROPERTIES_COMMAND, places: [at('context:template', 70)] },
  ],
  dialogs: [
    { kind: 'convertToTemplate', component: ConvertToTemplateDialog },
    { kind: 'copyTemplate', component: CopyTemplateDialog },
    { kind: 'deleteTemplate', component: DeleteTemplateDialog },
  ],
};
