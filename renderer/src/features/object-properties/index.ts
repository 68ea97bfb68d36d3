// Properties of servers, pools, storage repositories and networks: XenCenter's property pages (General,
// Custom Fields, and each class's own), from the Server / Pool menus, the context menus and Alt+Enter.
import { at, type Feature } from '../../framework/feature';
import { HOST_PROPERTIES_COMMAND, NETWORK_PROPERTIES_COMMAND, POOL_PROPERTIES_COMMAND, SR_PROPERTIES_COMMAND } from './command';
import { ObjectPropertiesDialog } from './PropertiesDialog';

export const objectPropertiesFeature: Feature = {
  id: 'object-properties',
  commands: [
    { entry: HOST_PROPERTIES_COMMAND, places: [at('menu:server', 90), at('context:host', 70)] },
    { entry: POOL_PROPERTIES_COMMAND, places: [at('menu:pool', 90), at('context:pool', 70)] },
    { entry: SR_PROPERTIES_COMMAND, places: [at('menu:storage', 90), at('context:sr', 70)] },
    { entry: NETWORK_PROPERTIES_COMMAND, places: [at('context:any', 70)] },
  ],
  dialogs: [{ kind: 'objectProperties', component: ObjectPropertiesDialog }],
};
