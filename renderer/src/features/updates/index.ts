// Help > Check for Updates…: the update feed setting and a check now (UpdatesDialog.tsx). Main makes
// the check (electron/core/features/updates); the browser host says updates are not available there.
import { at, type Feature } from '../../framework/feature';
import type { Action } from '../../framework/command';
import { UpdatesDialog } from './UpdatesDialog';

export const UPDATES_DIALOG = 'updates';

export const CHECK_FOR_UPDATES: Action = {
  id: 'help.checkForUpdates',
  label: 'Check for Updates…',
  perform: ({ ui }) => ui.openDialog(UPDATES_DIALOG),
};

export const updatesFeature: Feature = {
  id: 'updates',
  // Before About (the shell's group 0): XenCenter's Help menu ends with About.
  commands: [{ entry: CHECK_FOR_UPDATES, places: [at('menu:help', -10)] }],
  dialogs: [{ kind: UPDATES_DIALOG, component: UpdatesDialog }],
};
