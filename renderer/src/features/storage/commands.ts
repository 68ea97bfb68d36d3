// The VM Storage tab's commands: what each can run on now (the model's blockers, in words) and the
// XAPI messages it calls (greyed for a role below them). The tab's buttons open their dialogs; the
// dialogs run them through runCommand with the user's choices (run.ts), so the Events panel shows
// the task or the refusal. VM commands take the VM; disk commands take the disk's VBD ('vbd').
import type { Command, Selection } from '../../framework/command';
import type { AppState } from '../../state/store';
import {
  addDvdBlocker, attachBlocker, deleteBlocker, detachBlocker, dvdBlocker, ejectBlocker, newDiskBlocker, propertiesBlocker,
} from './model';

type StoreView = Pick<AppState, 'objects'>;
type Blocker = (s: StoreView, conn: string, ref: string) => string;

function command(id: string, label: string, cls: 'vm' | 'vbd', methods: string[], blocker: Blocker): Command {
  const reason = (sel: Selection, store: StoreView): string => {
    if (sel.length !== 1 || sel[0].cls !== cls) return cls === 'vbd' ? 'Select a disk first' : 'Select one VM';
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

export const DISK_COMMANDS = [ADD_DISK_COMMAND, ATTACH_DISK_COMMAND, DETACH_DISK_COMMAND, DELETE_DISK_COMMAND, DISK_PROPERTIES_COMMAND] as const;
