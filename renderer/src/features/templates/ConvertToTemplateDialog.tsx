// Convert to Template…: asked first, as XenCenter does; OK closes and runs VM.set_is_a_template.
import { useId } from 'react';
import { useApp } from '../../state';
import { type SelectedObject } from '../../framework/command';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { useRunChoice } from '../../framework/use-run-choice';
import { CONVERT_TO_TEMPLATE_COMMAND } from './commands';

export function ConvertToTemplateDialog({ target }: { target: SelectedObject }) {
  const { close, run } = useRunChoice();
  const name = useApp((s) => str(s.objects.get(target.connectionId)?.get('vm')?.get(target.ref)?.name_label));
  const textId = useId();
  return (
    <Dialog title="Convert to Template" role="alertdialog" onCancel={close} className="convert-template" describedBy={textId}>
      <p id={textId} className="dialog-text">
        Convert &apos;{name}&apos; to a template? It can no longer be started; new VMs can be made from it.
      </p>
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={() => run(CONVERT_TO_TEMPLATE_COMMAND, target, CONVERT_TO_TEMPLATE_COMMAND.execute)}>Convert</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}
