// Properties of a server, pool, storage repository or network: XenCenter's property pages, from the
// Server / Pool menus and the context menus; Alt+Enter on the selection (each command takes its class).
import type { Command, Selection } from '../../framework/command';
import type { AppState } from '../../state/store';
import { getRecord } from '../../xapi-model/lookup';
import { XAPI_CLASS, type StoreClass } from './model';

type StoreView = Pick<AppState, 'objects' | 'connections'>;
const NOUN: Record<StoreClass, string> = { host: 'server', pool: 'pool', sr: 'storage repository', network: 'network' };

function refusal(cls: StoreClass, selection: Selection, store: StoreView): string | undefined {
  if (selection.length !== 1) return `Select one ${NOUN[cls]} to see its properties`;
  const t = selection[0];
  if (t.cls !== cls) return `Select a ${NOUN[cls]}`;
  if (!getRecord(store, t.connectionId, cls, t.ref)) return `The ${NOUN[cls]} is no longer on the server`;
  return undefined;
}

function propertiesCommand(cls: StoreClass, id: string): Command {
  return {
    id,
    label: 'Properties',
    dialog: 'objectProperties',
    shortcut: 'Alt+Enter',
    // Renaming is the least any page needs (pool-operator on every class).
    methods: [`${XAPI_CLASS[cls]}.set_name_label`],
    canExecute: (selection, store) => refusal(cls, selection, store) === undefined,
    disabledReason: (selection, store) => refusal(cls, selection, store),
    // The dialog sends the changes; there is nothing to run without it.
    async execute() { return []; },
  };
}

export const HOST_PROPERTIES_COMMAND = propertiesCommand('host', 'host.properties');
export const POOL_PROPERTIES_COMMAND = propertiesCommand('pool', 'pool.properties');
export const SR_PROPERTIES_COMMAND = propertiesCommand('sr', 'sr.properties');
export const NETWORK_PROPERTIES_COMMAND = propertiesCommand('network', 'network.properties');
