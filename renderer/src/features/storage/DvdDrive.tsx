// The VM's DVD drive as XenCenter shows it on the Storage tab and above the console: a list holding
// "<empty>" and every ISO the VM can see (choosing one inserts it, ejecting first), Eject, or Add DVD
// drive for a VM without one. Each is a command (commands.ts), greyed with its reason.
import { useId } from 'react';
import { useApp } from '../../state';
import { str } from '../../xapi-model/format';
import { useCommandStates } from '../../framework/use-commands';
import type { SelectedObject } from '../../framework/command';
import { cdDrive, isoChoices, type IsoChoice } from './model';
import { ADD_DVD_COMMAND, CHANGE_DVD_COMMAND, EJECT_DVD_COMMAND } from './commands';
import { useStorageRun } from './run';
import './storage.css';

const DVD_COMMANDS = [CHANGE_DVD_COMMAND, EJECT_DVD_COMMAND, ADD_DVD_COMMAND];

/** The DVD drive: "<empty>" and the ISOs the VM can see; choosing one inserts it (ejecting first). */
export function DvdDrive({ target, className = '' }: { target: SelectedObject; className?: string }) {
  const { connectionId: conn, ref: vmRef } = target;
  const vmName = useApp((s) => str(s.objects.get(conn)?.get('vm')?.get(vmRef)?.name_label));
  const [dvd, eject, addDvd] = useCommandStates(DVD_COMMANDS, [target]);
  const states = { dvd, eject, addDvd };
  const cdJson = useApp((s) => { void s.version; return JSON.stringify(cdDrive(s, conn, vmRef) ?? null); });
  const cd = JSON.parse(cdJson) as { ref: string; vdiRef: string } | null;
  const isoJson = useApp((s) => { void s.version; return JSON.stringify(isoChoices(s, conn, vmRef)); });
  const isos = JSON.parse(isoJson) as IsoChoice[];
  const run = useStorageRun();
  const id = useId();
  if (!cd) {
    return (
      <div className={`dvd-bar ${className}`.trim()}>
        <span>This VM has no DVD drive.</span>
        <button type="button" disabled={!states.addDvd.enabled} title={states.addDvd.enabled ? undefined : states.addDvd.reason}
          onClick={() => run(ADD_DVD_COMMAND, target, 'Adding DVD drive to', vmName, { kind: 'addCd', vmRef })}>Add DVD drive</button>
      </div>
    );
  }
  // An ISO in the drive that the list does not hold (another SR): shown as it is.
  const inList = !cd.vdiRef || isos.some((i) => i.ref === cd.vdiRef);
  const choose = (vdiRef: string) => {
    if (vdiRef === cd.vdiRef) return;
    const iso = isos.find((i) => i.ref === vdiRef);
    run(vdiRef ? CHANGE_DVD_COMMAND : EJECT_DVD_COMMAND, target, vdiRef ? 'Inserting DVD' : 'Ejecting DVD from', vdiRef ? iso?.name ?? vmName : vmName,
      { kind: 'insertCd', vbdRef: cd.ref, vdiRef });
  };
  return (
    <div className={`dvd-bar ${className}`.trim()}>
      <label htmlFor={id}>DVD drive</label>
      <select id={id} value={cd.vdiRef} disabled={!states.dvd.enabled} title={states.dvd.enabled ? undefined : states.dvd.reason} onChange={(e) => choose(e.target.value)}>
        <option value="">&lt;empty&gt;</option>
        {inList ? null : <option value={cd.vdiRef}>(another disc)</option>}
        {isos.map((i) => <option key={i.ref} value={i.ref}>{`${i.name} (${i.sr})`}</option>)}
      </select>
      <button type="button" disabled={!states.eject.enabled} title={states.eject.enabled ? undefined : states.eject.reason} onClick={() => choose('')}>Eject</button>
    </div>
  );
}
