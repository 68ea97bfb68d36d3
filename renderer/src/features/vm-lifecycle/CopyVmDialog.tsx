// Copy VM…: the new VM's name ("Copy of <name>", unique in the pool) and description, then a fast
// clone or a full copy to the SR chosen here, from the pool's VM storage a host can reach with free
// space shown (ui/CopyDialog, shared with Copy Template…).
import { useMemo } from 'react';
import { appStore, useApp } from '../../state';
import { COPY_VM_COMMAND, copyVm } from './commands';
import { copyName, copyTargets, vmDisks } from './model';
import { type SelectedObject } from '../../framework/command';
import { formatBytes } from '../../xapi-model/format';
import { record } from '../../xapi-model/records';
import { CopyDialog, type CopyState } from '../../ui/CopyDialog';
import { useRunChoice } from '../../framework/use-run-choice';

function explain({ name, canClone, canCopy, isFull, sr, ready }: CopyState) {
  return {
    status: (
      <>
        {!canClone && !canCopy ? <div role="status" className="dialog-error">The server does not allow copying this VM now; it must be shut down.</div> : null}
        {isFull && canCopy && !sr ? <div role="status" className="dialog-error">No storage repository has room for the VM&apos;s disks.</div> : null}
      </>
    ),
    submitTitle: ready ? undefined : name.trim() === '' ? 'Name: enter a name for the copy'
      : !canClone && !canCopy ? 'The server does not allow copying this VM now; it must be shut down'
        : isFull && !canCopy ? 'Full copy: the server does not allow a full copy of this VM now'
          : isFull ? 'Storage: no storage repository has room for the disks' : 'Fast clone: the server does not allow a fast clone of this VM now',
  };
}

export function CopyVmDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const vm = useMemo(() => { void version; return record(appStore.getState(), target.connectionId, 'vm', target.ref); }, [version, target]);
  const targets = useMemo(() => { void version; return copyTargets(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const need = useMemo(() => { void version; return vmDisks(appStore.getState(), target.connectionId, target.ref).reduce((n, d) => n + d.size, 0); }, [version, target]);
  return (
    <CopyDialog title="Copy VM" vm={vm} targets={targets} explain={explain} onCancel={close}
      initialName={() => copyName(appStore.getState(), target.connectionId, target.ref)}
      hint={<p className="field-hint">Every disk is copied to this storage repository ({formatBytes(need)} in all).</p>}
      onCopy={(choice) => run(COPY_VM_COMMAND, target, async (sel, b, store) => [await copyVm(b ?? bridge, sel[0], choice, store)])} />
  );
}
