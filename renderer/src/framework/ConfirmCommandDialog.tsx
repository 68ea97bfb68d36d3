// The question a VM power command asks before it runs (XenCenter's wording), with "Do not ask
// again": that answer is kept in main's settings (settings.setConfirmation) until the Options
// dialog resets it. Yes runs the command through runCommand, which checks again that it still can.
import { useId, useState } from 'react';
import { appStore, useApp } from '../state';
import { useUi } from '../state/ui';
import { confirmationQuestion, type ConfirmationQuestion } from './confirmation';
import { runCommand } from './run-command';
import { type Command, type SelectedObject } from './command';
import { toErrorInfo } from '../bridge/types';
import { errorText } from '../xapi-model/errors';
import { useBridge } from './bridge-context';
import { Dialog } from '../ui/Dialog';

function ConfirmCommand({ cmd, selection }: { cmd: Command; selection: SelectedObject[] }) {
  const bridge = useBridge();
  const setUi = useUi((s) => s.set);
  const pushAlert = useUi((s) => s.pushAlert);
  const [dontAsk, setDontAsk] = useState(false);
  const textId = useId();
  const spec = cmd.confirmation!;
  // Names follow renames while the question is open.
  const q = JSON.parse(useApp((s) => JSON.stringify(confirmationQuestion(spec, selection, s)))) as ConfirmationQuestion;
  const close = () => setUi('confirmRequest', null);
  const yes = async () => {
    close();
    if (dontAsk) {
      await bridge.request('settings.setConfirmation', { id: spec.id, ask: false })
        .catch((e: unknown) => pushAlert(`"Do not ask again" could not be saved: ${errorText(toErrorInfo(e))}`));
    }
    await runCommand(cmd, selection, bridge, appStore, pushAlert, (d) => setUi('serverDialog', d));
  };
  return (
    <Dialog title={q.title} role="alertdialog" onCancel={close} className="confirm-command" describedBy={textId}>
      <div id={textId}>
        <p className="dialog-text">{q.text}</p>
        <ul className="confirm-names" aria-label={selection.length > 1 ? 'Selected VMs' : 'Selected VM'}>
          {q.names.map((n, i) => <li key={`${i}:${n}`}>{n}</li>)}
        </ul>
      </div>
      <label className="confirm-dont-ask">
        <input type="checkbox" checked={dontAsk} onChange={(e) => setDontAsk(e.target.checked)} />
        Do not ask again
      </label>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={() => void yes()}>{cmd.label}</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}

export function ConfirmCommandDialog() {
  const req = useUi((s) => s.confirmRequest);
  if (!req?.cmd.confirmation) return null;
  return <ConfirmCommand key={`${req.cmd.id}|${req.selection.map((s) => s.ref).join(',')}`} cmd={req.cmd} selection={req.selection} />;
}
