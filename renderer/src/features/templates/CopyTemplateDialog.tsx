// Copy Template…: the copy's name ("Copy of <name>", unique in the pool) and description, then a fast
// clone or a full copy to the SR chosen here (ui/CopyDialog, shared with Copy VM…), as XenCenter's
// Copy Template dialog.
import { useMemo } from 'react';
import { appStore, useApp } from '../../state';
import { type SelectedObject } from '../../framework/command';
import { record } from '../../xapi-model/records';
import { CopyDialog, type CopyState } from '../../ui/CopyDialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { COPY_TEMPLATE_COMMAND, copyTemplate } from './commands';
import { copyName, copyTargets } from './model';

function explain({ name, canClone, canCopy, isFull, sr }: CopyState) {
  const why = name.trim() === '' ? 'Name: enter a name for the copy'
    : !canClone && !canCopy ? 'The server does not allow copying this template now'
      : isFull && !canCopy ? 'Full copy: the server does not allow a full copy of this template now'
        : isFull && !sr ? 'Storage: no storage repository has room for the disks' : undefined;
  return { status: why && name.trim() !== '' ? <div role="status" className="dialog-error">{why}.</div> : null, submitTitle: why };
}

export function CopyTemplateDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const vm = useMemo(() => { void version; return record(appStore.getState(), target.connectionId, 'vm', target.ref); }, [version, target]);
  const targets = useMemo(() => { void version; return copyTargets(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  return (
    <CopyDialog title="Copy Template" vm={vm} targets={targets} explain={explain} onCancel={close}
      initialName={() => copyName(appStore.getState(), target.connectionId, target.ref)}
      onCopy={(choice) => run(COPY_TEMPLATE_COMMAND, target, async (sel, b, store) => [await copyTemplate(b ?? bridge, sel[0], choice, store)])} />
  );
}
