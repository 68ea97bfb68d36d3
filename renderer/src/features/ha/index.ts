// High availability: Enable HA… (heartbeat SR, failures to tolerate) and Disable HA.
import { at, type Feature } from '../../framework/feature';
import { POOL_COMMANDS } from './commands';
import { EnableHaDialog } from './EnableHaDialog';

export const haFeature: Feature = {
  id: 'ha',
  commands: POOL_COMMANDS.map((entry) => ({ entry, places: [at('menu:pool', 10), at('context:pool', 20)] })),
  dialogs: [{ kind: 'enableHa', component: EnableHaDialog }],
};
