// Migrate VM…: within the pool or to another connected pool (storage and network mapping); several VMs of one
// pool (Migrate VMs); VMs dragged onto a server.
import { at, type Feature } from '../../framework/feature';
import { MIGRATE_COMMAND } from './commands';
import { MigrateVmDialog } from './MigrateVmDialog';
import { MigrateVmsDialog } from './MigrateVmsDialog';
import { CROSS_POOL_DROP, MIGRATE_DROP } from './drop';

export const migrateFeature: Feature = {
  id: 'migrate',
  commands: [{ entry: MIGRATE_COMMAND, places: [at('menu:vm', 20), at('context:vm', 20)] }],
  dialogs: [{ kind: 'migrateVm', component: MigrateVmDialog }, { kind: 'migrateVms', component: MigrateVmsDialog }],
  // Another pool's server first: a drop within the pool is MIGRATE_DROP's.
  drops: [CROSS_POOL_DROP, MIGRATE_DROP],
};
