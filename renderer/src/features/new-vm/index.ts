// New VM…: the wizard, from a pool, server or connection (and the toolbar's New VM), or from a snapshot.
import { at, type Feature } from '../../framework/feature';
import { NEW_VM_COMMAND } from './command';
import { NewVmWizard } from './NewVmWizard';
import { NEW_VM_FROM_SNAPSHOT_COMMAND } from './from-snapshot';

export const newVmFeature: Feature = {
  id: 'new-vm',
  commands: [{
    entry: NEW_VM_COMMAND,
    places: [at('menu:vm', 0), at('toolbar', 0, { order: 1, label: 'New VM', icon: '✚', iconClass: 'add' }), at('context:server', 10)],
  }, {
    // First of a snapshot's commands, as in XenCenter's snapshot menu.
    entry: NEW_VM_FROM_SNAPSHOT_COMMAND,
    places: [at('menu:vm', 40, { order: -1 }), at('context:snapshot', 10, { order: -1 })],
  }],
  dialogs: [{ kind: 'newVm', component: NewVmWizard }],
};
