// Pool > Manage vApps… (XenCenter's VMAppliancesDialog, for the selected object's pool), and Start vApp /
// Shut Down vApp on a vApp row of Objects by vApp (VappStartCommand, VappShutDownCommand). A vApp row
// stands for no tree object, so the row commands are Actions that read the selected row (tree/vapp-view.ts
// names it) and note their task for the Events panel as commands do.
import type { Action, Command, SelectedObject } from '../../framework/command';
import type { Bridge } from '../../bridge/types';
import type { StoreView } from '../../state/store';
import type { UiState } from '../../state/ui';
import { appStore } from '../../state';
import { noteOutcomes } from '../../framework/run-command';
import { requestOutcome } from '../../framework/outcome';
import { privilegeReason } from '../../framework/availability';
import { record } from '../../xapi-model/records';
import { vappOpReason } from './vapp-model';

export const DIALOGS = { manage: 'vapps.manage', shutDown: 'vapps.shutDown' } as const;

/** The methods each part needs, for the role check (XenCenter's ApiMethodsToRoleCheck). */
export const EDIT_METHODS = ['VM_appliance.create', 'VM_appliance.destroy', 'VM.set_appliance', 'VM.set_order', 'VM.set_start_delay', 'VM.set_shutdown_delay'];
export const START_METHODS = ['VM_appliance.start'];
export const SHUTDOWN_METHODS = ['VM_appliance.shutdown'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The vApp as the dialogs' subject. */
export const vappSubject = (connectionId: string, ref: string): SelectedObject => ({ connectionId, cls: 'vm_appliance', ref });

/** The vApp of a selected row id `group|vapp|<connection>|<ref>`. */
export function vappOfRow(rowId: string | null | undefined): SelectedObject | undefined {
  if (!rowId?.startsWith('group|vapp|')) return undefined;
  const rest = rowId.slice('group|vapp|'.length);
  const cut = rest.lastIndexOf('|');
  return cut > 0 ? vappSubject(rest.slice(0, cut), rest.slice(cut + 1)) : undefined;
}

/** Why the session's role on the vApp's server cannot call `methods`, or undefined. */
export function roleReason(label: string, methods: readonly string[], connectionId: string, store: StoreView = appStore.getState()): string | undefined {
  const cmd: Command = { id: 'vapps', label, methods, canExecute: () => true, execute: async () => [] };
  return privilegeReason(cmd, [{ connectionId, cls: 'pool', ref: '' }], store);
}

/** Why Start (op 'start') or Shut Down cannot run on the vApp now, or undefined. */
export function vappActionReason(vapp: SelectedObject, op: 'start' | 'shutdown', store: StoreView = appStore.getState()): string | undefined {
  if (store.connections.get(vapp.connectionId)?.status !== 'connected') return 'The vApp\'s server is not connected';
  return vappOpReason(store, vapp.connectionId, vapp.ref, op)
    ?? roleReason(op === 'start' ? 'Start vApp' : 'Shut Down vApp', op === 'start' ? START_METHODS : SHUTDOWN_METHODS, vapp.connectionId, store);
}

const vappName = (vapp: SelectedObject, store: StoreView = appStore.getState()) => str(record(store, vapp.connectionId, 'vm_appliance', vapp.ref)?.name_label) || undefined;

/** Starts Async.VM_appliance.start(vApp, false) (StartApplianceAction), its task noted for the Events panel. */
export async function startVApp(bridge: Bridge, vapp: SelectedObject, alert: (m: string) => void): Promise<void> {
  const o = await requestOutcome(vapp, 'Starting vApp', vappName(vapp), () => bridge.request('xapi.callAsync', { connectionId: vapp.connectionId, method: 'VM_appliance.start', args: [vapp.ref, false] }));
  noteOutcomes([o], appStore, alert);
}

/** Starts Async.VM_appliance.shutdown(vApp) (ShutDownApplianceAction: clean where the guest can, else forced). */
export async function shutDownVApp(bridge: Bridge, vapp: SelectedObject, alert: (m: string) => void): Promise<void> {
  const o = await requestOutcome(vapp, 'Shutting down vApp', vappName(vapp), () => bridge.request('xapi.callAsync', { connectionId: vapp.connectionId, method: 'VM_appliance.shutdown', args: [vapp.ref] }));
  noteOutcomes([o], appStore, alert);
}

const rowVApp = (ui: UiState) => (ui.selectedNodeIds.size <= 1 ? vappOfRow(ui.selectedNodeId) : undefined);
const NEED_ROW = 'Select a vApp in Objects by vApp';

export const START_VAPP: Action = {
  id: 'vapps.start',
  label: 'Start vApp',
  disabledReason: (ui) => { const v = rowVApp(ui); return v ? vappActionReason(v, 'start') : NEED_ROW; },
  perform: ({ ui, bridge }) => {
    const v = rowVApp(ui);
    if (v && !vappActionReason(v, 'start')) void startVApp(bridge, v, (m) => ui.pushAlert(m));
  },
};

export const SHUT_DOWN_VAPP: Action = {
  id: 'vapps.shutDown',
  label: 'Shut Down vApp',
  disabledReason: (ui) => { const v = rowVApp(ui); return v ? vappActionReason(v, 'shutdown') : NEED_ROW; },
  // XenCenter asks first (CONFIRM_SHUT_DOWN_APPLIANCE).
  perform: ({ ui }) => { const v = rowVApp(ui); if (v && !vappActionReason(v, 'shutdown')) ui.openDialog(DIALOGS.shutDown, v); },
};

const MANAGED = new Set(['pool', 'host', 'vm', 'sr', 'network']);

/** Manage vApps…: for the pool of the one selected object (XenCenter: Pool menu, the selection's pool). */
export const MANAGE_VAPPS: Command = {
  id: 'vapps.manage',
  label: 'Manage vApps…',
  dialog: DIALOGS.manage,
  canExecute: (selection) => selection.length === 1 && MANAGED.has(selection[0].cls),
  disabledReason: (selection) => (selection.length === 1 ? 'Select a pool, a server or an object of one' : 'Select one pool'),
  async execute() { return []; },
};
