// High availability: Configure HA… (the HA wizard while HA is off, the priorities dialog while it is on),
// Disable HA, and the pool's HA tab.
import { at, type Feature } from '../../framework/feature';
import { POOL_COMMANDS } from './commands';
import { ConfigureHaDialog } from './ConfigureHaDialog';
import { HaWizard } from './HaWizard';
import { HaTab } from './HaTab';

export const haFeature: Feature = {
  id: 'ha',
  commands: POOL_COMMANDS.map((entry) => ({ entry, places: [at('menu:pool', 10), at('context:pool', 20)] })),
  // 'enableHa' is Enable HA…'s own dialog kind (the command is also reachable by id): the same wizard.
  dialogs: [{ kind: 'configureHa', component: ConfigureHaDialog }, { kind: 'enableHa', component: HaWizard }],
  tabs: [{ tab: { id: 'ha', title: 'HA', component: HaTab }, kinds: ['pool'], order: 25 }],
};
