// New SR…: the New Storage Repository wizard (Storage menu, toolbar "New Storage", the pool and server
// context menus) and Reattach… of a detached SR (Storage menu, the SR's context menu).
import { at, type Feature } from '../../framework/feature';
import { NEW_SR_COMMAND, REATTACH_SR_COMMAND } from './command';
import { NewSrWizard, ReattachSrWizard } from './NewSrWizard';

export const newSrFeature: Feature = {
  id: 'new-sr',
  commands: [{
    entry: NEW_SR_COMMAND,
    // Toolbar: right after New VM (its group 0, order 1).
    places: [at('menu:storage', 0), at('toolbar', 0, { order: 2, label: 'New Storage', icon: '✚', iconClass: 'add' }), at('context:pool', 10, { order: 1 }), at('context:host', 10, { order: 1 })],
  }, {
    entry: REATTACH_SR_COMMAND,
    places: [at('menu:storage', 30, { order: 20 }), at('context:sr', 30, { order: 20 })],
  }],
  dialogs: [{ kind: 'newSr', component: NewSrWizard }, { kind: 'reattachSr', component: ReattachSrWizard }],
};
