// Whether a command can run on a selection, and why not, in words (the tooltip of a greyed
// toolbar button or menu item). A command on objects of a server that is not connected cannot run,
// whatever the cached records say: they are as they were when the connection was lost.
import type { StoreView } from '../state/store';
import type { Command, Selection } from './command';
import { missingRole, ROLE_WORDS } from '../../../shared/xapi/roles';

export interface CommandState { enabled: boolean; reason?: string }

/** The name the user knows the server by: its friendly name, its pool's name, its host's name, its address. */
export function serverName(store: StoreView, connectionId: string): string {
  const c = store.connections.get(connectionId);
  if (c?.friendlyName) return c.friendlyName;
  const o = store.objects.get(connectionId);
  for (const p of o?.get('pool')?.values() ?? []) if (typeof p.name_label === 'string' && p.name_label) return p.name_label;
  for (const h of o?.get('host')?.values() ?? []) if (typeof h.name_label === 'string' && h.name_label) return h.name_label;
  return c?.hostname || c?.url || connectionId;
}

/** "The connection to <server> is not connected" for the first selected object whose server is not connected. */
export function notConnectedReason(selection: Selection, store: StoreView): string | undefined {
  for (const s of selection) {
    if (store.connections.get(s.connectionId)?.status !== 'connected') return `The connection to ${serverName(store, s.connectionId)} is not connected`;
  }
  return undefined;
}

/** Why a context menu has nothing to offer: the server not connected, still loading, or nothing applies. */
export function noActionsReason(selection: Selection, store: StoreView): string {
  const loading = selection.find((s) => store.loading?.has(s.connectionId));
  return notConnectedReason(selection, store) ?? (loading ? loadingReason(store, loading.connectionId) : 'No actions available');
}

const loadingReason = (store: StoreView, connectionId: string): string => `Still loading the objects of ${serverName(store, connectionId)}`;

/**
 * Whether a command can run on the selection. On several objects a command that acts on each
 * (Command.eachObject) can run when at least one of them allows it, and runs on those alone
 * (commandTargets), as XenCenter does: Start on three VMs of which one is running starts two.
 */
export function commandState(cmd: Command, selection: Selection, store: StoreView): CommandState {
  const whole = stateOn(cmd, selection, store);
  if (whole.enabled || !actsOnEach(cmd, selection)) return whole;
  return selection.some((s) => stateOn(cmd, [s], store).enabled) ? { enabled: true } : whole;
}

/** The objects of the selection a command runs on: all of them, or on several those it can run on now. */
export function commandTargets(cmd: Command, selection: Selection, store: StoreView): Selection {
  if (!actsOnEach(cmd, selection) || stateOn(cmd, selection, store).enabled) return selection;
  return selection.filter((s) => stateOn(cmd, [s], store).enabled);
}

const actsOnEach = (cmd: Command, selection: Selection): boolean => selection.length > 1 && (cmd.eachObject === true || cmd.multiDialog !== undefined);

/** The command on exactly these objects (all of them must allow it). */
function stateOn(cmd: Command, selection: Selection, store: StoreView): CommandState {
  // Commands on the connection itself (Disconnect, Reconnect, Forget…) are for exactly that state.
  if (!cmd.global && !cmd.connectionLevel) {
    const reason = notConnectedReason(selection, store);
    if (reason) return { enabled: false, reason };
    // A big pool's records are short until its slices have come (shared/first-load.ts): no guess on them.
    const loading = selection.find((s) => store.loading?.has(s.connectionId));
    if (loading) return { enabled: false, reason: loadingReason(store, loading.connectionId) };
  }
  const denied = privilegeReason(cmd, selection, store);
  if (denied) return { enabled: false, reason: denied };
  if (cmd.canExecute(selection, store)) {
    // A dialog opens for one object: with several selected it says so rather than pick one.
    if (cmd.dialog && !cmd.multiDialog && selection.length > 1) return { enabled: false, reason: `${cmd.label.replace(/…$/, '')} works on one object at a time; ${selection.length} are selected` };
    return { enabled: true };
  }
  // Every greyed command says why; one without its own words says at least what is missing.
  return { enabled: false, reason: cmd.disabledReason?.(selection, store) ?? fallbackReason(cmd, selection) };
}

/** "<Action> needs the Pool Operator role or higher; …" when the session's role is below a message the command calls. */
export function privilegeReason(cmd: Command, selection: Selection, store: StoreView): string | undefined {
  if (!cmd.methods?.length) return undefined;
  for (const id of new Set(selection.map((s) => s.connectionId))) {
    const role = store.connections.get(id)?.role;
    if (!role) continue;
    for (const m of cmd.methods) {
      const need = missingRole(role, m);
      if (need) return `${cmd.label.replace(/…$/, '')} needs the ${ROLE_WORDS[need]} role or higher; your role on ${serverName(store, id)} is ${ROLE_WORDS[role]}`;
    }
  }
  return undefined;
}

function fallbackReason(cmd: Command, selection: Selection): string {
  const action = cmd.label.replace(/…$/, '');
  if (selection.length === 0 && !cmd.global) return `${action}: nothing is selected`;
  return `${action} does not apply to the selected ${selection.length > 1 ? 'objects' : KIND_WORDS[selection[0]?.cls] ?? 'object'} now`;
}

const KIND_WORDS: Record<string, string> = {
  vm: 'VM', host: 'server', pool: 'pool', connection: 'server', sr: 'storage', network: 'network', vdi: 'disk', folder: 'folder', tag: 'tag',
};
