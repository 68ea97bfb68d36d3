// Server (connection-level) commands: the menu bar's Server menu, the tree's context menu on a
// pool, standalone host or connection node. Each is enabled exactly when it applies to the state
// of every selected server.
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import type { StoreView } from '../../state/store';
import type { ConnectionStatus, RequestChannel } from '../../../../shared/ipc/contract';
import type { Bridge } from '../../bridge/types';
import { serverName } from '../../framework/availability';

const LIVE: ConnectionStatus[] = ['connected', 'connecting', 'reconnecting'];
const DOWN: ConnectionStatus[] = ['disconnected', 'failed'];

/** The connections a selection of server nodes stands for (none when anything else is selected). */
export function connectionsOf(selection: Selection): string[] {
  if (selection.length === 0 || !selection.every((s) => s.cls === 'connection' || s.cls === 'pool' || s.cls === 'host')) return [];
  return [...new Set(selection.map((s) => s.connectionId))];
}

function statusOf(store: StoreView, id: string): ConnectionStatus | undefined {
  return store.connections.get(id)?.status;
}

const target = (id: string): SelectedObject => ({ connectionId: id, cls: 'connection', ref: id });

async function each(ids: string[], title: string, call: (id: string) => Promise<unknown>): Promise<CommandOutcome[]> {
  const out: CommandOutcome[] = [];
  for (const id of ids) {
    try { await call(id); out.push({ target: target(id), title }); }
    catch (error) { out.push({ target: target(id), title, error }); }
  }
  return out;
}

function allIn(selection: Selection, store: StoreView, states: ConnectionStatus[]): boolean {
  const ids = connectionsOf(selection);
  return ids.length > 0 && ids.every((id) => { const st = statusOf(store, id); return st !== undefined && states.includes(st); });
}

const STATUS_WORDS: Record<ConnectionStatus, string> = {
  connected: 'connected', connecting: 'connecting', reconnecting: 'reconnecting', disconnected: 'disconnected', failed: 'disconnected (its last attempt failed)',
};

/** Why a per-server command does not apply: nothing that is a server selected, or the first server in another state. */
function stateReason(selection: Selection, store: StoreView, states: ConnectionStatus[], opts: { one?: boolean } = {}): string {
  const ids = connectionsOf(selection);
  if (ids.length === 0) return 'Select a server or pool';
  if (opts.one && ids.length > 1) return 'Select one server';
  for (const id of ids) {
    const st = statusOf(store, id);
    if (st === undefined) return 'The server is no longer in the list';
    if (!states.includes(st)) return `${serverName(store, id)} is ${STATUS_WORDS[st]}`;
  }
  return 'Not available for this selection';
}

export const DISCONNECT: Command = {
  id: 'server.disconnect',
  connectionLevel: true,
  eachObject: true,
  label: 'Disconnect',
  canExecute: (selection, store) => allIn(selection, store, LIVE),
  disabledReason: (selection, store) => stateReason(selection, store, LIVE),
  execute: (selection, bridge) => each(connectionsOf(selection), 'Disconnecting', (id) => bridge.request('servers.disconnect', { connectionId: id })),
};

export const RECONNECT: Command = {
  id: 'server.reconnect',
  connectionLevel: true,
  eachObject: true,
  label: 'Reconnect',
  canExecute: (selection, store) => allIn(selection, store, DOWN),
  disabledReason: (selection, store) => stateReason(selection, store, DOWN),
  // A server whose password main does not have fails with PASSWORD_NEEDED: runCommand then asks for it.
  execute: (selection, bridge) => each(connectionsOf(selection), 'Reconnecting', (id) => bridge.request('servers.reconnect', { connectionId: id })),
};

export const RECONNECT_AS: Command = {
  id: 'server.reconnectAs',
  connectionLevel: true,
  label: 'Reconnect As…',
  canExecute(selection, store) {
    const ids = connectionsOf(selection);
    return ids.length === 1 && store.connections.has(ids[0]);
  },
  disabledReason: (selection, store) => stateReason(selection, store, [...LIVE, ...DOWN], { one: true }),
  interact: (selection) => ({ kind: 'reconnectAs', connectionIds: connectionsOf(selection).slice(0, 1) }),
  // Only reached without the dialog (tests): the dialog sends servers.reconnect with the new credentials.
  execute: (selection, bridge) => each(connectionsOf(selection).slice(0, 1), 'Reconnecting', (id) => bridge.request('servers.reconnect', { connectionId: id })),
};

export const FORGET: Command = {
  id: 'server.forget',
  connectionLevel: true,
  label: 'Forget',
  canExecute(selection, store) {
    const ids = connectionsOf(selection);
    return ids.length > 0 && ids.every((id) => store.connections.has(id));
  },
  disabledReason: (selection, store) => stateReason(selection, store, [...LIVE, ...DOWN]),
  interact: (selection) => ({ kind: 'forget', connectionIds: connectionsOf(selection) }),
  execute: (selection, bridge) => forgetServers(connectionsOf(selection), bridge),
};

/** What the Forget confirmation runs. */
export const forgetServers = (ids: string[], bridge: Bridge): Promise<CommandOutcome[]> =>
  each(ids, 'Forgetting server', (id) => bridge.request('servers.forget', { connectionId: id }));

function anyIn(store: StoreView, states: ConnectionStatus[]): boolean {
  for (const c of store.connections.values()) if (states.includes(c.status)) return true;
  return false;
}

async function globalCall(bridge: Bridge, channel: Extract<RequestChannel, 'servers.connectAll' | 'servers.disconnectAll'>, title: string): Promise<CommandOutcome[]> {
  const t: SelectedObject = { connectionId: '', cls: 'connection', ref: '' };
  try { await bridge.request(channel, {}); return [{ target: t, title }]; }
  catch (error) { return [{ target: t, title, error }]; }
}

export const CONNECT_ALL: Command = {
  id: 'server.connectAll',
  label: 'Connect All',
  global: true,
  canExecute: (_selection, store) => anyIn(store, DOWN),
  disabledReason: (_selection, store) => (store.connections.size === 0 ? 'There are no servers: use Add Server' : 'Every server is connected or connecting'),
  execute: (_selection, bridge) => globalCall(bridge, 'servers.connectAll', 'Connecting all servers'),
};

export const DISCONNECT_ALL: Command = {
  id: 'server.disconnectAll',
  label: 'Disconnect All',
  global: true,
  canExecute: (_selection, store) => anyIn(store, LIVE),
  disabledReason: (_selection, store) => (store.connections.size === 0 ? 'There are no servers: use Add Server' : 'No server is connected'),
  execute: (_selection, bridge) => globalCall(bridge, 'servers.disconnectAll', 'Disconnecting all servers'),
};

export const REMOVE_SERVER: Command = {
  id: 'server.remove',
  connectionLevel: true,
  label: 'Remove Server',
  canExecute(selection: Selection, store: StoreView) {
    const ids = connectionsOf(selection);
    return ids.length > 0 && ids.every((id) => store.connections.has(id));
  },
  disabledReason: (selection, store) => stateReason(selection, store, [...LIVE, ...DOWN]),
  execute: (selection, bridge) => each(connectionsOf(selection), 'Removing server', (id) => bridge.request('servers.remove', { connectionId: id })),
};

/** The per-server commands (context menu on a server node). */
export const SERVER_COMMANDS: Command[] = [RECONNECT, DISCONNECT, RECONNECT_AS, FORGET];
/** Commands on every server. */
export const ALL_SERVERS_COMMANDS: Command[] = [CONNECT_ALL, DISCONNECT_ALL];
