// Below a VM's Snapshots tab (XenCenter's VMSS panel there): the snapshot schedule the VM is in, or that
// it is in none, with a link to Pool > VM Snapshot Schedules….
import type { SelectedObject } from '../../framework/command';
import { useApp } from '../../state';
import { useUi } from '../../state/ui';
import { str } from '../../xapi-model/format';
import { SCHEDULES_DIALOG } from './commands';

export function VmScheduleLine({ target }: { target: SelectedObject }) {
  const name = useApp((s) => {
    const objects = s.objects.get(target.connectionId);
    const ref = str(objects?.get('vm')?.get(target.ref)?.snapshot_schedule);
    const vmss = objects?.get('vmss')?.get(ref);
    return vmss ? str(vmss.name_label) || ref : null;
  });
  return (
    <p className="vmss-vm-line" role="note" aria-label="Snapshot schedule">
      {name !== null ? `This VM is currently part of the snapshot schedule '${name}'.` : 'This VM is not currently part of a snapshot schedule.'}{' '}
      <button type="button" className="link-button" onClick={() => useUi.getState().openDialog(SCHEDULES_DIALOG, target)}>View snapshot schedules</button>
    </p>
  );
}
