// The SR commands (Storage menu and an SR's context menu, in XenCenter's order): Repair…, Set as Default,
// Reclaim freed space…, Rescan, Detach…, Forget…, Destroy…. Each is one sr.run request: main runs its
// calls on one task (Events panel: "Repairing SR 'x'"), a refusal shows in XAPI's words and code. The
// ones XenCenter asks about open their dialog first; execute without it (tests, scripts) runs at once.
import type { Bridge } from '../../bridge/types';
import type { Command, CommandOutcome, SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import type { StoreView } from '../../state/store';
import { str } from '../../xapi-model/format';
import { record } from '../../xapi-model/records';
import type { SrAction } from '../../../../shared/ipc/areas/sr';
import { srRefusal, type SrCommandKind } from './model';

/** The Events panel's title until main's task row (XenCenter's ACTION_SR_* wording) replaces it. */
const TITLES: Record<SrAction, string> = {
  repair: 'Repairing SR', setDefault: 'Setting default SR', detach: 'Detaching SR', forget: 'Forgetting SR',
  destroy: 'Destroying SR', rescan: 'Rescanning SR', trim: 'Reclaiming freed space',
};

/** Starts one SR action in main (sr.run); its task, or the refusal, for the Events panel. */
export function runSrAction(bridge: Bridge, target: SelectedObject, action: SrAction, store?: StoreView): Promise<CommandOutcome> {
  const name = store ? str(record(store, target.connectionId, 'sr', target.ref)?.name_label) || undefined : undefined;
  return requestOutcome(target, TITLES[action], name, () => bridge.request('sr.run', { connectionId: target.connectionId, srRef: target.ref, action }));
}

function srCommand(kind: SrCommandKind, id: string, label: string, methods: readonly string[], dialog?: string): Command {
  return {
    id,
    label,
    methods,
    ...(dialog ? { dialog } : {}),
    canExecute: (selection, store) => srRefusal(kind, selection, store) === undefined,
    disabledReason: (selection, store) => srRefusal(kind, selection, store),
    async execute(selection, bridge, store) {
      return Promise.all(selection.map((t) => runSrAction(bridge, t, kind, store)));
    },
  };
}

export const REPAIR_SR_COMMAND = srCommand('repair', 'sr.repair', 'Repair…', ['PBD.create', 'PBD.plug'], 'repairSr');
export const SET_DEFAULT_SR_COMMAND = srCommand('setDefault', 'sr.setDefault', 'Set as Default', ['pool.set_default_SR', 'pool.set_suspend_image_SR', 'pool.set_crash_dump_SR']);
export const TRIM_SR_COMMAND = srCommand('trim', 'sr.trim', 'Reclaim freed space…', ['host.call_plugin'], 'trimSr');
export const RESCAN_SR_COMMAND = srCommand('rescan', 'sr.rescan', 'Rescan', ['SR.scan']);
export const DETACH_SR_COMMAND = srCommand('detach', 'sr.detach', 'Detach…', ['PBD.unplug'], 'detachSr');
export const FORGET_SR_COMMAND = srCommand('forget', 'sr.forget', 'Forget…', ['PBD.unplug', 'SR.forget'], 'forgetSr');
export const DESTROY_SR_COMMAND = srCommand('destroy', 'sr.destroy', 'Destroy…', ['VDI.destroy', 'PBD.unplug', 'SR.destroy'], 'destroySr');

export const SR_COMMANDS: readonly Command[] = [
  REPAIR_SR_COMMAND, SET_DEFAULT_SR_COMMAND, TRIM_SR_COMMAND, RESCAN_SR_COMMAND, DETACH_SR_COMMAND, FORGET_SR_COMMAND, DESTROY_SR_COMMAND,
];
