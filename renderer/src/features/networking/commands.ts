// The Networking tab's commands: Add Interface… (one VM), Properties… and Remove (one VIF), Add
// Network… (a pool or host) and Remove Network (one network). Each opens its dialog; the dialog's OK
// runs the command with the choices made through useRunChoice, so the task, or the refused request
// (words and code), shows in the Events panel as every other command's does. Enablement and the
// greyed button's words come from model.ts; `methods` are the XAPI messages main's network.change
// request (or the single async call) ends up calling, for the role check.
import type { Bridge } from '../../bridge/types';
import { privilegeReason } from '../../framework/availability';
import type { Command, CommandOutcome, SelectedObject, Selection } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { getRecord, type AppState } from '../../state/store';
import { str } from '../../xapi-model/format';
import {
  addVifBlocker, canAddVif, networkRowBlocker, networkRows, planningHost, vifRowBlocker, vifRows, type NetworkRow, type VifRow,
} from './model';

type StoreView = Pick<AppState, 'objects' | 'connections'>;

/** Events panel titles (with the VM's or the network's name). */
export const NET_TITLES = {
  addVif: 'Adding virtual interface',
  moveVif: 'Changing virtual interface network',
  removeVif: 'Removing virtual interface',
  addNetwork: 'Creating network',
  removeNetwork: 'Removing network',
} as const;

const one = (s: Selection, ...classes: string[]): SelectedObject | undefined => (s.length === 1 && classes.includes(s[0].cls) ? s[0] : undefined);

/** The selected VIF's row of its VM's interface list, its VM and the VM's power state. */
export function selectedVif(s: Selection, store: Pick<AppState, 'objects'>): { row?: VifRow; vmRef?: string; vmName: string; power: string } {
  const t = one(s, 'vif');
  if (!t) return { vmName: '', power: '' };
  const vmRef = getRecord(store, t.connectionId, 'vif', t.ref)?.VM;
  const vm = getRecord(store, t.connectionId, 'vm', vmRef);
  if (typeof vmRef !== 'string' || !vm) return { vmName: '', power: '' };
  return { row: vifRows(store, t.connectionId, vmRef).find((r) => r.ref === t.ref), vmRef, vmName: str(vm.name_label), power: str(vm.power_state) };
}

/** The selected network's row (as the pool's Networking tab lists it). */
export function selectedNetwork(s: Selection, store: Pick<AppState, 'objects'>): NetworkRow | undefined {
  const t = one(s, 'network');
  return t ? networkRows(store, t.connectionId).find((r) => r.ref === t.ref) : undefined;
}

/** VIF.create on the lowest free device, VIF.plug when the VM runs (one network.change task). mac '' = generated. */
export function addVif(bridge: Bridge, target: SelectedObject, name: string, networkRef: string, mac: string): Promise<CommandOutcome> {
  return requestOutcome(target, NET_TITLES.addVif, name, () => bridge.request('network.change', {
    kind: 'addVif', connectionId: target.connectionId, vmRef: target.ref, networkRef, mac,
  }));
}

/** VIF.move keeps the device and MAC (and works live), where XenCenter recreated the VIF. */
export function moveVif(bridge: Bridge, target: SelectedObject, name: string, networkRef: string): Promise<CommandOutcome> {
  return requestOutcome(target, NET_TITLES.moveVif, name, () => bridge.request('xapi.callAsync', {
    connectionId: target.connectionId, method: 'VIF.move', args: [target.ref, networkRef],
  }));
}

export function removeVif(bridge: Bridge, target: SelectedObject, name: string): Promise<CommandOutcome> {
  return requestOutcome(target, NET_TITLES.removeVif, name, () => bridge.request('network.change', {
    kind: 'removeVif', connectionId: target.connectionId, vifRef: target.ref,
  }));
}

export interface NewNetwork { name: string; description: string; mtu: number; vlan?: { pifRef: string; tag: number } }

/** An external network (network.create + pool.create_VLAN_from_PIF, one network.change task), or a private one (network.create). */
export function addNetwork(bridge: Bridge, target: SelectedObject, n: NewNetwork): Promise<CommandOutcome> {
  const { connectionId } = target;
  return requestOutcome(target, NET_TITLES.addNetwork, n.name, () => (n.vlan
    ? bridge.request('network.change', { kind: 'addVlan', connectionId, pifRef: n.vlan.pifRef, vlan: n.vlan.tag, name: n.name, description: n.description, mtu: n.mtu })
    // A network without PIFs: private to the server a VM runs on (network.create, one call).
    : bridge.request('xapi.callAsync', {
      connectionId, method: 'network.create',
      args: [{ name_label: n.name, name_description: n.description, MTU: n.mtu, other_config: { automatic: 'false' }, bridge: '', managed: true, tags: [] }],
    })));
}

export function removeNetwork(bridge: Bridge, target: SelectedObject, name: string): Promise<CommandOutcome> {
  return requestOutcome(target, NET_TITLES.removeNetwork, name, () => bridge.request('network.change', {
    kind: 'removeNetwork', connectionId: target.connectionId, networkRef: target.ref,
  }));
}

export const ADD_VIF: Command = {
  id: 'networking.addVif',
  label: 'Add Interface…',
  dialog: 'addVif',
  methods: ['VIF.create', 'VIF.plug'],
  canExecute: (s, store) => !!one(s, 'vm') && canAddVif(store, s[0].connectionId, s[0].ref),
  disabledReason: (s, store) => (one(s, 'vm') ? addVifBlocker(store, s[0].connectionId, s[0].ref) || undefined : 'Select one VM'),
  // The dialog chooses the network and the MAC; there is nothing to run without it.
  async execute() { return []; },
};

export const VIF_PROPERTIES: Command = {
  id: 'networking.vifProperties',
  label: 'Properties…',
  dialog: 'vifProperties',
  methods: ['VIF.move'],
  canExecute: (s, store) => selectedVif(s, store).row?.canEdit === true,
  disabledReason: (s, store) => { const v = selectedVif(s, store); return vifRowBlocker(v.row, 'edit', v.power); },
  // The dialog chooses the new network.
  async execute() { return []; },
};

export const REMOVE_VIF: Command = {
  id: 'networking.removeVif',
  label: 'Remove',
  dialog: 'removeVif',
  methods: ['VIF.unplug', 'VIF.destroy'],
  canExecute: (s, store) => selectedVif(s, store).row?.canRemove === true,
  disabledReason: (s, store) => { const v = selectedVif(s, store); return vifRowBlocker(v.row, 'remove', v.power); },
  // The dialog asks first; without it (tests) it removes.
  execute: async (s, bridge, store) => [await removeVif(bridge, s[0], store ? selectedVif(s, store).vmName : '')],
};

export const ADD_NETWORK: Command = {
  id: 'networking.addNetwork',
  label: 'Add Network…',
  dialog: 'addNetwork',
  // pool.create_VLAN_from_PIF (an external network) needs more: the dialog offers it only to those who may.
  methods: ['network.create'],
  canExecute: (s, store) => !!one(s, 'pool', 'host') && !!planningHost(store, s[0].connectionId, s[0]),
  disabledReason: (s) => (one(s, 'pool', 'host') ? 'The pool has no coordinator to add the network on' : 'Select one pool or server'),
  // The dialog names the network and chooses its kind.
  async execute() { return []; },
};

/** Why the session's role cannot put a VLAN on a NIC (an external network, or removing one). */
export const vlanPrivilegeReason = (cmd: Command, s: Selection, store: StoreView, method: 'pool.create_VLAN_from_PIF' | 'VLAN.destroy'): string | undefined =>
  privilegeReason({ ...cmd, methods: [method] }, s, store);

export const REMOVE_NETWORK: Command = {
  id: 'networking.removeNetwork',
  label: 'Remove Network',
  dialog: 'removeNetwork',
  // VLAN.destroy too when it is a VLAN network (canExecute).
  methods: ['network.destroy'],
  canExecute: (s, store) => {
    const row = selectedNetwork(s, store);
    return row?.canRemove === true && (row.vlan === '—' || !vlanPrivilegeReason(REMOVE_NETWORK, s, store, 'VLAN.destroy'));
  },
  disabledReason: (s, store) => {
    const row = selectedNetwork(s, store);
    return networkRowBlocker(row) ?? (row && row.vlan !== '—' ? vlanPrivilegeReason(REMOVE_NETWORK, s, store, 'VLAN.destroy') : undefined);
  },
  // The dialog asks first; without it (tests) it removes.
  execute: async (s, bridge, store) => [await removeNetwork(bridge, s[0], (store && selectedNetwork(s, store)?.name) || '')],
};

export const VIF_COMMANDS: readonly Command[] = [ADD_VIF, VIF_PROPERTIES, REMOVE_VIF];
export const NETWORK_COMMANDS: readonly Command[] = [ADD_NETWORK, REMOVE_NETWORK];
