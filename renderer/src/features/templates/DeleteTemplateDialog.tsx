// Delete Template…: which of the template's disks go with it (ticked at first: the disks it owns, VBD
// other_config `owner`, that nothing else uses), as XenCenter's delete dialog. Unticked disks stay on
// their SR. OK closes and sends vm.delete (main: VM.destroy, then the ticked disks).
import { useId, useMemo, useState } from 'react';
import { appStore, useApp } from '../../state';
import { type SelectedObject } from '../../framework/command';
import { formatBytes, str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { DELETE_TEMPLATE_COMMAND, deleteTemplate } from './commands';
import { templateDisks } from './model';

export function DeleteTemplateDialog({ target }: { target: SelectedObject }) {
  const { bridge, close, run } = useRunChoice();
  const version = useApp((s) => s.version);
  const name = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const disks = useMemo(() => { void version; return templateDisks(appStore.getState(), target.connectionId, target.ref); }, [version, target]);
  const [ticked, setTicked] = useState<Set<string>>(() => new Set(disks.filter((d) => d.deleteByDefault).map((d) => d.vdiRef)));
  const textId = useId();
  const toggle = (ref: string, on: boolean) => setTicked((cur) => {
    const next = new Set(cur);
    if (on) next.add(ref); else next.delete(ref);
    return next;
  });
  const remove = () => {
    const vdiRefs = disks.filter((d) => ticked.has(d.vdiRef)).map((d) => d.vdiRef);
    run(DELETE_TEMPLATE_COMMAND, target, async (sel, b, store) => [await deleteTemplate(b ?? bridge, sel[0], vdiRefs, store)]);
  };
  return (
    <Dialog title="Delete Template" role="alertdialog" onCancel={close} className="delete-vm" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Delete the template &apos;{name}&apos;? This cannot be undone. Ticked disks are deleted with it; the others stay on their storage repository.
      </p>
      <fieldset className="choice-group">
        <legend>Disks to delete</legend>
        {disks.length === 0 ? <p className="empty">The template has no disks.</p> : (
          <ul className="check-list">
            {disks.map((d) => (
              <li key={d.vdiRef}>
                <label className="choice">
                  <input type="checkbox" checked={ticked.has(d.vdiRef)} onChange={(e) => toggle(d.vdiRef, e.target.checked)} />
                  <span className="choice-name">{d.name}</span>
                </label>
                <span className="field-note">
                  {formatBytes(d.size)}{d.srName ? ` on ${d.srName}` : ''}{d.sharedWith.length ? `; also used by ${d.sharedWith.join(', ')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={remove}>Delete</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
