// Servers: Add Server, the connection commands (Reconnect, Disconnect, Reconnect As…, Forget, Connect All,
// Disconnect All), the saved list (export, import, password storage) and the certificate prompts.
import { at, type Feature } from '../../framework/feature';
import type { Action } from '../../framework/command';
import { ALL_SERVERS_COMMANDS, SERVER_COMMANDS } from './commands';
import { AddServerDialog } from './AddServerDialog';
import { PasswordStorageDialog, ServerDialog } from './ServerDialogs';
import { CertificatePrompts } from './CertificateDialog';
import { ServerListFileInput, chooseServerListFile, exportServerList } from './server-list';

export const ADD_SERVER: Action = { id: 'server.add', label: 'Add Server', perform: ({ ui }) => ui.openDialog('addServer') };
const EXPORT_LIST: Action = { id: 'servers.export', label: 'Export Server List…', perform: ({ bridge, ui }) => exportServerList(bridge, ui.pushAlert) };
const IMPORT_LIST: Action = { id: 'servers.import', label: 'Import Server List…', perform: () => chooseServerListFile() };
const PASSWORD_STORAGE: Action = { id: 'servers.passwords', label: 'Password Storage…', perform: ({ ui }) => ui.openDialog('passwordStorage') };

export const serversFeature: Feature = {
  id: 'servers',
  commands: [
    { entry: ADD_SERVER, places: [at('menu:file', 0), at('menu:server', 0), at('toolbar', 0, { icon: '+', iconClass: 'add' })] },
    { entry: EXPORT_LIST, places: [at('menu:file', 20)] },
    { entry: IMPORT_LIST, places: [at('menu:file', 20, { order: 1 })] },
    { entry: PASSWORD_STORAGE, places: [at('menu:file', 30)] },
    ...SERVER_COMMANDS.map((entry) => ({ entry, places: [at('menu:server', 10), at('context:server', 30)] })),
    ...ALL_SERVERS_COMMANDS.map((entry) => ({ entry, places: [at('menu:server', 40), at('context:server', 60)] })),
  ],
  dialogs: [
    { kind: 'addServer', component: AddServerDialog },
    { kind: 'passwordStorage', component: PasswordStorageDialog },
  ],
  mounts: [ServerDialog, CertificatePrompts, ServerListFileInput],
};
