// Connection-level commands (the tree's context menu on a pool, standalone host or connection).
import type { Command, CommandOutcome, Selection } from './types';
import type { AppState } from '../store/store';

type StoreView = Pick<AppState, 'objects' | 'connections'>;

function connectionsOf(selection: Selection): string[] {
  return [...new Set(selection.filter((s) => s.cls === 'connection' || s.cls === 'pool' || s.cls === 'host').map((s) => s.connectionId))];
}

export const DISCONNECT: Command = {
  id: 'server.disconnect',
  label: 'Disconnect',
  canExecute(selection: Selection, store: StoreView) {
    const ids = connectionsOf(selection);
    return ids.length > 0 && selection.every((s) => s.cls !== 'vm' && s.cls !== 'sr') && ids.every((id) => {
      const st = store.connections.get(id)?.status;
      return st === 'connected' || st === 'connecting' || st === 'reconnecting';
    });
  },
  async execute(selection, bridge): Promise<CommandOutcome[]> {
    const out: CommandOutcome[] = [];
    for (const id of connectionsOf(selection)) {
      const target = { connectionId: id, cls: 'connection', ref: id };
      try { await bridge.request('servers.disconnect', { connectionId: id }); out.push({ target, title: 'Disconnecting' }); }
      catch (error) { out.push({ target, title: 'Disconnecting', error }); }
    }
    return out;
  },
};

export const REMOVE_SERVER: Command = {
  id: 'server.remove',
  label: 'Remove Server',
  canExecute(selection: Selection, store: StoreView) {
    const ids = connectionsOf(selection);
    return ids.length > 0 && selection.every((s) => s.cls !== 'vm' && s.cls !== 'sr') && ids.every((id) => store.connections.has(id));
  },
  async execute(selection, bridge): Promise<CommandOutcome[]> {
    const out: CommandOutcome[] = [];
    for (const id of connectionsOf(selection)) {
      const target = { connectionId: id, cls: 'connection', ref: id };
      try { await bridge.request('servers.remove', { connectionId: id }); out.push({ target, title: 'Removing server' }); }
      catch (error) { out.push({ target, title: 'Removing server', error }); }
    }
    return out;
  },
};

export const SERVER_COMMANDS: Command[] = [DISCONNECT, REMOVE_SERVER];
