// Pool membership, as XenCenter's Pool menu and server context menu have it:
// - Add Server to Pool…: a standalone server (a pool of one host) joins a connected pool. Main runs
//   pool.join on the standalone server's connection with the pool connection's credentials
//   (pool.join request), and drops the joiner's connection once it is a member.
// - Remove Server from Pool: Async pool.eject(host) on the pool, for a member that is not the
//   coordinator, when the pool's allowed_operations contain eject.
// Which servers and pools qualify is read from the cache: hosts per connection, pool records.
import type { StoreView } from '../../state/store';
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { distinctConnectionName } from '../../xapi-model/names';
import { blockerText, joinBlocker, type Blocker } from '../../xapi-model/pool-checks';
import { allows, isPlainVm } from '../../xapi-model/predicates';
import { record } from '../../xapi-model/records';

type Rec = Record<string, unknown>;

export const EJECT_TITLE = 'Removing server from pool';
export const JOIN_TITLE = 'Adding server to pool';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function poolOf(store: StoreView, connectionId: string): [string, Rec] | undefined {
  const pools = store.objects.get(connectionId)?.get('pool');
  return pools ? [...pools.entries()][0] : undefined;
}

function hostsOf(store: StoreView, connectionId: string): Map<string, Rec> {
  return store.objects.get(connectionId)?.get('host') ?? new Map();
}

const connected = (store: StoreView, id: string): boolean => store.connections.get(id)?.status === 'connected';

/** A connected server whose pool has exactly one host: what pool.join can take. */
export function isStandalone(store: StoreView, connectionId: string): boolean {
  return connected(store, connectionId) && hostsOf(store, connectionId).size === 1;
}

/** A connected pool as the tree shows one (named, or more than one host): something to join. */
export function isPool(store: StoreView, connectionId: string): boolean {
  if (!connected(store, connectionId)) return false;
  const pool = poolOf(store, connectionId);
  return !!pool && (str(pool[1].name_label) !== '' || hostsOf(store, connectionId).size > 1);
}

export interface ServerChoice { connectionId: string; name: string }

/** A standalone server's name is its host's; a pool's is the pool's; with its coordinator or address where names repeat. */
export function serverChoiceName(store: StoreView, connectionId: string): string {
  return distinctConnectionName(store, connectionId);
}

const byName = (a: ServerChoice, b: ServerChoice): number => a.name.localeCompare(b.name, undefined, { numeric: true });

function choices(store: StoreView, keep: (id: string) => boolean): ServerChoice[] {
  return [...store.connections.keys()].filter(keep).map((id) => ({ connectionId: id, name: serverChoiceName(store, id) })).sort(byName);
}

/** Standalone servers that could join the pool of `poolConnectionId` (all of them when absent). */
export function joiningServers(store: StoreView, poolConnectionId?: string): ServerChoice[] {
  return choices(store, (id) => id !== poolConnectionId && isStandalone(store, id) && !samePool(store, id, poolConnectionId));
}

/** Pools the standalone server of `serverConnectionId` could join (all pools when absent). */
export function targetPools(store: StoreView, serverConnectionId?: string): ServerChoice[] {
  return choices(store, (id) => id !== serverConnectionId && isPool(store, id) && !samePool(store, id, serverConnectionId));
}

/** Two connections to one pool (the same pool uuid) are never each other's target. */
function samePool(store: StoreView, a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const ua = str(poolOf(store, a)?.[1].uuid);
  return ua !== '' && ua === str(poolOf(store, b)?.[1].uuid);
}

/** What Add Server to Pool… starts from: the selected standalone server, or the selected pool. */
export function addToPoolStart(selection: Selection, store: StoreView): { server?: string; pool?: string } | null {
  if (selection.length !== 1) return null;
  const { cls, connectionId } = selection[0];
  // A top-level host node is a standalone server; a pool node is a pool (a member host is neither).
  if (cls === 'host' && isStandalone(store, connectionId) && !isPool(store, connectionId)) {
    return targetPools(store, connectionId).length > 0 ? { server: connectionId } : null;
  }
  if (cls === 'pool' && isPool(store, connectionId)) {
    return joiningServers(store, connectionId).length > 0 ? { pool: connectionId } : null;
  }
  return null;
}

/** Each (server, pool) pair the start offers, with what XAPI's pre-join checks would refuse it for. */
export function joinPairs(store: StoreView, start: { server?: string; pool?: string }): Array<{ server: string; pool: string; blocker: Blocker | null }> {
  const pairs = start.server
    ? targetPools(store, start.server).map((p) => ({ server: start.server!, pool: p.connectionId }))
    : start.pool ? joiningServers(store, start.pool).map((s) => ({ server: s.connectionId, pool: start.pool! })) : [];
  return pairs.map((p) => ({ ...p, blocker: joinBlocker(store, p.server, p.pool) }));
}

/**
 * Why Add Server to Pool… is greyed, in words: it does not apply to the selection, or every pair it
 * could offer would be refused by XAPI's pre-join checks (the first refusal).
 */
export function addToPoolBlocker(selection: Selection, store: StoreView): string {
  const start = addToPoolStart(selection, store);
  if (start) {
    const pairs = joinPairs(store, start);
    if (pairs.length > 0 && pairs.every((p) => p.blocker)) {
      const { server, pool, blocker } = pairs[0];
      return `'${serverChoiceName(store, server)}' cannot join '${serverChoiceName(store, pool)}': ${blockerText(blocker!)}`;
    }
  }
  if (selection.length !== 1) return 'Select one standalone server or one pool';
  const { cls, connectionId } = selection[0];
  const name = serverChoiceName(store, connectionId);
  if (cls === 'host' && isStandalone(store, connectionId) && !isPool(store, connectionId)) return `There is no connected pool for ${name} to join`;
  if (cls === 'pool' && isPool(store, connectionId)) return `There is no connected standalone server to add to ${name}`;
  if (cls === 'host') return `${str(record(store, connectionId, 'host', selection[0].ref)?.name_label) || 'This server'} is already a member of a pool`;
  return 'Select a standalone server or a pool';
}

/** Asks main to join; the outcome carries the joiner's task for the Events panel. */
export async function joinPool(bridge: Bridge, serverConnectionId: string, poolConnectionId: string, store?: StoreView): Promise<CommandOutcome> {
  const target: SelectedObject = { connectionId: serverConnectionId, cls: 'connection', ref: serverConnectionId };
  const title = store
    ? `Adding '${serverChoiceName(store, serverConnectionId)}' to pool '${serverChoiceName(store, poolConnectionId)}'`
    : JOIN_TITLE;
  try {
    const { taskRef } = await bridge.request('pool.join', { connectionId: serverConnectionId, poolConnectionId });
    return { target, title, taskRef };
  } catch (error) {
    return { target, title, error };
  }
}

export const ADD_TO_POOL: Command = {
  id: 'pool.addServer',
  methods: ['pool.join'],
  label: 'Add Server to Pool…',
  dialog: 'addToPool',
  canExecute: (selection, store) => {
    const start = addToPoolStart(selection, store);
    return start !== null && joinPairs(store, start).some((p) => !p.blocker);
  },
  disabledReason: addToPoolBlocker,
  // The menus open the "Add Server to Pool" dialog (the choice and the confirmation); without it
  // (tests) the selected server joins the first pool, or the first server joins the selected pool.
  async execute(selection, bridge, store): Promise<CommandOutcome[]> {
    const start = store ? addToPoolStart(selection, store) : null;
    const pair = store && start ? joinPairs(store, start).find((p) => !p.blocker) : undefined;
    const server = pair?.server;
    const pool = pair?.pool;
    if (!server || !pool) return [{ target: selection[0], title: JOIN_TITLE, error: { code: 'NO_POOL_TO_JOIN', params: [], message: 'There is no standalone server and pool to join.' } }];
    return [await joinPool(bridge, server, pool, store)];
  },
};

/** The selected member host, when it can be ejected: not the coordinator, and the pool allows eject. */
export function ejectableHost(selection: Selection, store: StoreView): { host: Rec; pool: Rec } | null {
  if (selection.length !== 1 || selection[0].cls !== 'host') return null;
  const { connectionId, ref } = selection[0];
  if (!connected(store, connectionId)) return null;
  const host = record(store, connectionId, 'host', ref);
  const pool = poolOf(store, connectionId)?.[1];
  if (!host || !pool || pool.master === ref || hostsOf(store, connectionId).size < 2 || !hostLive(store, connectionId, host)) return null;
  return allows(pool, 'eject') ? { host, pool } : null;
}

const hostLive = (store: StoreView, connectionId: string, host: Rec): boolean => record(store, connectionId, 'host_metrics', host.metrics)?.live === true;

/** Why a selected host cannot be removed from its pool, in XenCenter's words (RemoveHostFromPoolCommand). */
export function ejectBlocker(selection: Selection, store: StoreView): string | undefined {
  if (selection.length !== 1 || selection[0].cls !== 'host') return undefined;
  const { connectionId, ref } = selection[0];
  const host = record(store, connectionId, 'host', ref);
  const pool = poolOf(store, connectionId)?.[1];
  if (!host || !pool) return undefined;
  if (pool.master === ref) return 'You cannot remove the coordinator from the pool.';
  if (!hostLive(store, connectionId, host)) return 'The server is unreachable.';
  if (pool.ha_enabled === true) return 'HA is enabled on the pool: disable HA before removing a server.';
  return undefined;
}

/** Names of the VMs with a disk on the host's local storage: what ejecting it destroys. */
export function vmsLostOnEject(store: StoreView, connectionId: string, hostRef: string): string[] {
  const objs = store.objects.get(connectionId);
  const local = new Set<string>();
  for (const [ref, sr] of objs?.get('sr') ?? []) {
    if (sr.shared === true || !Array.isArray(sr.PBDs)) continue;
    if (sr.PBDs.some((p) => record(store, connectionId, 'pbd', p)?.host === hostRef)) local.add(ref);
  }
  const names: string[] = [];
  for (const vm of objs?.get('vm')?.values() ?? []) {
    if (!isPlainVm(vm) || !Array.isArray(vm.VBDs)) continue;
    const onLocal = vm.VBDs.some((b) => {
      const vdi = record(store, connectionId, 'vdi', record(store, connectionId, 'vbd', b)?.VDI);
      return !!vdi && local.has(str(vdi.SR));
    });
    if (onLocal) names.push(str(vm.name_label));
  }
  return names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** Starts Async pool.eject(host). */
export function ejectHost(bridge: Bridge, target: SelectedObject, store?: StoreView): Promise<CommandOutcome> {
  const name = store ? str(record(store, target.connectionId, 'host', target.ref)?.name_label) || undefined : undefined;
  return requestOutcome(target, EJECT_TITLE, name, () => bridge.request('xapi.callAsync', { connectionId: target.connectionId, method: 'pool.eject', args: [target.ref] }));
}

export const REMOVE_FROM_POOL: Command = {
  id: 'pool.removeServer',
  methods: ['pool.eject'],
  label: 'Remove Server from Pool',
  dialog: 'removeFromPool',
  canExecute: (selection, store) => ejectableHost(selection, store) !== null,
  disabledReason: ejectBlocker,
  // The menus ask for confirmation first (the server's local storage is lost).
  execute: async (selection, bridge, store) => [await ejectHost(bridge, selection[0], store)],
};

/** Add Server to Pool…, Remove Server from Pool: the Pool and Server menus, the context menus. */
export const MEMBERSHIP_COMMANDS: Command[] = [ADD_TO_POOL, REMOVE_FROM_POOL];
