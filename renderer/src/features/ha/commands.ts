// Pool > Enable HA… / Disable HA (SEMANTICS.md 6.5): Async.pool.enable_ha([heartbeat SR], {}) and
// Async.pool.disable_ha(). Each is enabled exactly when the pool's allowed_operations contain its op
// (ha_enable / ha_disable), and the pool's ha_enabled says HA is off / on; Enable HA also not while
// enable_ha would refuse (pool-checks.ts: a host not live, an unplugged required PIF, no heartbeat SR),
// greyed with that reason and code.
import type { StoreView } from '../../state/store';
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, Selection, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { blockerText, enableHaBlocker } from '../../xapi-model/pool-checks';
import { allows } from '../../xapi-model/predicates';
import { entries, record, table, type XRec } from '../../xapi-model/records';
import type { HaConfigure } from '../../../../shared/ipc/areas/ha';

export const ENABLE_HA_TITLE = 'Enabling HA';
export const DISABLE_HA_TITLE = 'Disabling HA';

export interface HeartbeatSr { ref: string; name: string; isDefault: boolean }

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function poolRecord(selection: Selection, store: StoreView): XRec<'pool'> | undefined {
  if (selection.length !== 1 || selection[0].cls !== 'pool') return undefined;
  return record(store, selection[0].connectionId, 'pool', selection[0].ref);
}

/** Why Enable HA (enable=true) or Disable HA cannot run on the selection, in words. */
export function haRefusal(selection: Selection, store: StoreView, enable: boolean): string {
  if (selection.length !== 1 || selection[0].cls !== 'pool') return 'Select one pool';
  const { connectionId } = selection[0];
  const pool = poolRecord(selection, store);
  if (!pool) return 'The pool is no longer on the server';
  const name = str(pool.name_label) || 'The pool';
  if (enable && pool.ha_enabled === true) return `HA is already enabled on ${name}`;
  if (!enable && pool.ha_enabled !== true) return `HA is not enabled on ${name}`;
  const current = pool.current_operations && typeof pool.current_operations === 'object' ? Object.values(pool.current_operations as Record<string, unknown>) : [];
  if (current.length > 0) return `${name} is busy: ${String(current[0]).replace(/_/g, ' ')} is in progress`;
  if (enable) {
    // HA needs every server up: it cannot arm a host it cannot reach.
    for (const h of table(store, connectionId, 'host')) {
      const live = record(store, connectionId, 'host_metrics', h.metrics)?.live === true;
      if (!live) return `${str(h.name_label) || 'A server'} is not reachable: HA needs every server of the pool running`;
    }
    if (heartbeatSrs(store, connectionId).length === 0) return `${name} has no shared storage for HA's heartbeat`;
  }
  return `The server does not allow HA to be ${enable ? 'enabled' : 'disabled'} on ${name} now`;
}

/** SRs that can hold HA's heartbeat statefile: shared and not ISO libraries; the pool's default SR first. */
export function heartbeatSrs(store: StoreView, connectionId: string): HeartbeatSr[] {
  const def = str(table(store, connectionId, 'pool')[0]?.default_SR);
  const out: HeartbeatSr[] = [];
  for (const [ref, r] of entries(store, connectionId, 'sr')) {
    if (r.shared !== true || str(r.content_type) === 'iso' || str(r.type) === 'iso') continue;
    out.push({ ref, name: str(r.name_label) || ref, isDefault: ref === def });
  }
  return out.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name, undefined, { numeric: true }));
}

function haBlocker(selection: Selection, store: StoreView) {
  const c = selection[0].connectionId;
  return enableHaBlocker(store, c, heartbeatSrs(store, c).length);
}

function poolCall(bridge: Bridge, target: SelectedObject, title: string, method: string, args: unknown[], name?: string): Promise<CommandOutcome> {
  return requestOutcome(target, title, name, () => bridge.request('xapi.callAsync', { connectionId: target.connectionId, method, args }));
}

/** Starts Async.pool.enable_ha([sr], {}). */
export function enableHa(bridge: Bridge, target: SelectedObject, srRef: string, store?: StoreView): Promise<CommandOutcome> {
  const name = store ? str(record(store, target.connectionId, 'pool', target.ref)?.name_label) || undefined : undefined;
  return poolCall(bridge, target, ENABLE_HA_TITLE, 'pool.enable_ha', [[srRef], {}], name);
}

export const ENABLE_HA: Command & { method: string; title: string } = {
  id: 'pool.enableHa',
  methods: ['pool.enable_ha'],
  label: 'Enable HA…',
  method: 'pool.enable_ha',
  title: ENABLE_HA_TITLE,
  dialog: 'enableHa',
  canExecute(selection, store) {
    const pool = poolRecord(selection, store);
    return !!pool && pool.ha_enabled !== true && allows(pool, 'ha_enable') && !haBlocker(selection, store);
  },
  // What enable_ha would refuse (a host that is down, no heartbeat SR), with its code, before it is
  // asked; otherwise why the command does not apply, in words.
  disabledReason(selection, store) {
    const pool = poolRecord(selection, store);
    const b = pool && pool.ha_enabled !== true && allows(pool, 'ha_enable') ? haBlocker(selection, store) : undefined;
    return b ? blockerText(b) : haRefusal(selection, store, true);
  },
  // The menus open the "Enable HA" dialog; without it (tests) the default heartbeat SR is used.
  async execute(selection, bridge, store): Promise<CommandOutcome[]> {
    const target = selection[0];
    const sr = store ? heartbeatSrs(store, target.connectionId)[0] : undefined;
    if (!sr) return [{ target, title: ENABLE_HA_TITLE, error: { code: 'CANNOT_CREATE_STATE_FILE', params: [], message: 'There is no shared storage repository for the heartbeat.' } }];
    return [await enableHa(bridge, target, sr.ref, store)];
  },
};

export const DISABLE_HA: Command & { method: string; title: string } = {
  id: 'pool.disableHa',
  methods: ['pool.disable_ha'],
  label: 'Disable HA',
  method: 'pool.disable_ha',
  title: DISABLE_HA_TITLE,
  canExecute(selection, store) {
    const pool = poolRecord(selection, store);
    return !!pool && pool.ha_enabled === true && allows(pool, 'ha_disable');
  },
  disabledReason: (selection, store) => haRefusal(selection, store, false),
  async execute(selection, bridge, store): Promise<CommandOutcome[]> {
    const target = selection[0];
    const name = store ? str(record(store, target.connectionId, 'pool', target.ref)?.name_label) || undefined : undefined;
    return [await poolCall(bridge, target, DISABLE_HA_TITLE, 'pool.disable_ha', [], name)];
  },
};

/** Why the HA settings of a pool with HA on cannot be edited now (EditVmHaPrioritiesDialog), or undefined. */
export function editHaRefusal(selection: Selection, store: StoreView): string | undefined {
  const pool = poolRecord(selection, store);
  if (!pool) return haRefusal(selection, store, false);
  if (pool.ha_enabled !== true) return haRefusal(selection, store, false);
  const name = str(pool.name_label) || 'The pool';
  const current = pool.current_operations && typeof pool.current_operations === 'object' ? Object.values(pool.current_operations as Record<string, unknown>) : [];
  if (current.length > 0) return `${name} is busy: ${String(current[0]).replace(/_/g, ' ')} is in progress`;
  const dead = table(store, selection[0].connectionId, 'host').filter((h) => record(store, selection[0].connectionId, 'host_metrics', h.metrics)?.live !== true);
  if (dead.length) return `In order to edit the HA restart priorities of your virtual machines, all servers in the pool must be live: ${dead.map((h) => str(h.name_label)).join(', ')} ${dead.length === 1 ? 'is' : 'are'} not`;
  return undefined;
}

export const CONFIGURE_HA_TITLE = 'Setting HA protection levels';

/** Sends the wizard's Finish (heartbeat SR given) or the edit's OK as one ha.configure request. */
export function configureHa(bridge: Bridge, target: SelectedObject, args: Omit<HaConfigure, 'connectionId' | 'poolRef'>, store?: StoreView): Promise<CommandOutcome> {
  const name = store ? str(record(store, target.connectionId, 'pool', target.ref)?.name_label) || undefined : undefined;
  const title = args.heartbeatSrRef ? ENABLE_HA_TITLE : CONFIGURE_HA_TITLE;
  return requestOutcome(target, title, name, () => bridge.request('ha.configure', { connectionId: target.connectionId, poolRef: target.ref, ...args }));
}

/** Pool > Configure HA… (XenCenter's HAConfigureCommand): the HA wizard while HA is off (Enable HA's
 * rules), the HA priorities dialog while it is on. */
export const CONFIGURE_HA: Command = {
  id: 'pool.configureHa',
  label: 'Configure HA…',
  dialog: 'configureHa',
  methods: ['VM.set_ha_restart_priority', 'VM.set_order', 'VM.set_start_delay', 'pool.set_ha_host_failures_to_tolerate'],
  canExecute(selection, store) {
    const pool = poolRecord(selection, store);
    if (!pool) return false;
    return pool.ha_enabled === true ? editHaRefusal(selection, store) === undefined : ENABLE_HA.canExecute(selection, store);
  },
  disabledReason(selection, store) {
    const pool = poolRecord(selection, store);
    return pool?.ha_enabled === true ? editHaRefusal(selection, store) : ENABLE_HA.disabledReason?.(selection, store);
  },
  // The menus open the wizard or the dialog: there is nothing to run without their choices.
  async execute(selection) {
    return [{ target: selection[0], title: CONFIGURE_HA_TITLE, error: { code: 'NEEDS_DIALOG', params: [], message: 'Configure HA needs its wizard' } }];
  },
};

/** The pool node's commands (Pool menu, the pool's context menu, the HA tab). */
export const POOL_COMMANDS: Command[] = [CONFIGURE_HA, DISABLE_HA];
