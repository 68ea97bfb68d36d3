// Delete Template…: which of the template's disks go with it (ticked at first: the disks it owns, VBD
// other_config `owner`, that nothing else uses), as XenCenter's delete dialog. Unticked disks stay on
// their SR. OK closes and sends vm.delete (main: VM.destroy, then the ticked disks).
import { useId, useMemo } from 'react';
import { appStore, useApp } from '../../state';
import { type SelectedObject } from '../../framework/command';
import { str } from '../../xapi-model/format';
import { DiskChoice, useTickedDisks } from '../../ui/DiskChoice';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { DELETE_TEMPLATE_COMMAND, deleteTemplate } from './commands';
import { templateDisks } from './model';

export function DeleteTemplateDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const name = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const disks = useMemo(() => { void version; return templateDisks(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const [ticked, tick] = useTickedDisks(disks);
  const textId = useId();
  const remove = () => {
    const vdiRefs = disks.filter((d) => ticked.has(d.vdiRef)).map((d) => d.vdiRef);
    run(DELETE_TEMPLATE_COMMAND, target, async (sel, b, store) => [await deleteTemplate(b ?? bridge, sel[0], vdiRefs, store)]);
  };
  return (
    <Dialog title="Delete Template" role="alertdialog" onCancel={close} className="delete-vm" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Delete the template &apos;{name}&apos;? This cannot be undone. Ticked disks are deleted with it; the others stay on their storage repository.
      </p>
      <DiskChoice disks={disks} ticked={ticked} onTick={tick} empty="The template has no disks." />
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={remove}>Delete</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
