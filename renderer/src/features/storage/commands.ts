// The VM and SR Storage tabs' commands: what each can run on now (the model's blockers, in words) and
// the XAPI messages it calls (greyed for a role below them). The tabs' buttons open their dialogs;
// the dialogs run them through runCommand with the user's choices (run.ts), so the Events panel shows
// the task or the refusal. VM commands take the VM; a VM's disk commands take the disk's VBD ('vbd');
// the SR tab's take the SR ('sr') or the disk itself ('vdi').
import type { Command, Selection } from '../../framework/command';
import type { AppState } from '../../state/store';
import {
  activateBlocker, addDvdBlocker, attachBlocker, deactivateBlocker, deleteBlocker, detachBlocker, dvdBlocker, ejectBlocker, moveBlocker,
  newDiskBlocker, propertiesBlocker, rescanBlocker, srAddBlocker, vdiDeleteBlocker, vdiPropertiesBlocker,
} from './model';

type StoreView = Pick<AppState, 'objects'>;
type Blocker = (s: StoreView, conn: string, ref: string) => string;

const SELECT = { vm: 'Select one VM', vbd: 'Select a disk first', vdi: 'Select a disk first', sr: 'Select one storage repository' } as const;

function command(id: string, label: string, cls: keyof typeof SELECT, methods: string[], blocker: Blocker): Command {
  const reason = (sel: Selection, store: StoreView): string => {
    if (sel.length !== 1 || sel[0].cls !== cls) return SELECT[cls];
    return blocker(store, sel[0].connectionId, sel[0].ref);
  };
  return {
    id, label, methods,
    canExecute: (sel, store) => reason(sel, store) === '',
    disabledReason: (sel, store) => reason(sel, store) || undefined,
    // Nothing to run without the dialog's choices: the dialogs run it with them (run.ts).
    async execute() { return []; },
  };
}

export const ADD_DISK_COMMAND = command('storage.addDisk', 'Add…', 'vm', ['VDI.create', 'VBD.create', 'VBD.plug'], newDiskBlocker);
export const ATTACH_DISK_COMMAND = command('storage.attachDisk', 'Attach…', 'vm', ['VBD.create', 'VBD.plug'], attachBlocker);
export const DETACH_DISK_COMMAND = command('storage.detachDisk', 'Detach', 'vbd', ['VBD.unplug', 'VBD.destroy'], detachBlocker);
export const DELETE_DISK_COMMAND = command('storage.deleteDisk', 'Delete', 'vbd', ['VBD.unplug', 'VBD.destroy', 'VDI.destroy'], deleteBlocker);
export const DISK_PROPERTIES_COMMAND = command('storage.diskProperties', 'Properties…', 'vbd',
  ['VDI.set_name_label', 'VDI.set_name_description', 'VDI.resize', 'VDI.resize_online', 'VBD.set_mode'], propertiesBlocker);
export const CHANGE_DVD_COMMAND = command('storage.changeDvd', 'Insert DVD', 'vm', ['VBD.eject', 'VBD.insert'], dvdBlocker);
export const EJECT_DVD_COMMAND = command('storage.ejectDvd', 'Eject', 'vm', ['VBD.eject'], ejectBlocker);
export const ADD_DVD_COMMAND = command('storage.addDvd', 'Add DVD drive', 'vm', ['VBD.create'], addDvdBlocker);

export const ACTIVATE_DISK_COMMAND = command('storage.activateDisk', 'Activate', 'vbd', ['VBD.plug'], activateBlocker);
export const DEACTIVATE_DISK_COMMAND = command('storage.deactivateDisk', 'Deactivate', 'vbd', ['VBD.unplug'], deactivateBlocker);
// Move… takes the disk: from the VM tab the row's VDI, from the SR tab the selected one.
export const MOVE_DISK_COMMAND = command('storage.moveDisk', 'Move…', 'vdi', ['VDI.pool_migrate', 'VDI.copy', 'VBD.destroy', 'VBD.create', 'VDI.destroy'], moveBlocker);
// The SR Storage tab.
export const SR_ADD_DISK_COMMAND = command('storage.srAddDisk', 'Add…', 'sr', ['VDI.create'], srAddBlocker);
export const SR_RESCAN_COMMAND = command('storage.rescan', 'Rescan', 'sr', ['SR.scan'], rescanBlocker);
export const VDI_DELETE_COMMAND = command('storage.deleteVdi', 'Delete', 'vdi', ['VDI.destroy'], vdiDeleteBlocker);
export const VDI_PROPERTIES_COMMAND = command('storage.vdiProperties', 'Properties…', 'vdi',
  ['VDI.set_name_label', 'VDI.set_name_description', 'VDI.resize', 'VDI.resize_online'], vdiPropertiesBlocker);

export const DISK_COMMANDS = [ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, DETACH_DISK_COMMAND, DELETE_DISK_COMMAND, DISK_PROPERTIES_COMMAND] as const;
