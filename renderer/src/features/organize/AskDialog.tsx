// The question before a folder or tag is deleted (XenCenter asks too): what goes, and a Delete button.
import type { ReactNode } from 'react';
import { Dialog } from '../../ui/Dialog';
import { useUi } from '../../state/ui';

export function AskDialog({ title, children, okLabel, onOk }: { title: string; children: ReactNode; okLabel: string; onOk(): void }) {
  const onClose = useUi((s) => s.closeDialog);
  return (
    <Dialog title={title} onCancel={onClose} role="alertdialog" className="organize-ask">
      <div className="dialog-text">{children}</div>
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={onOk}>{okLabel}</button>
        <button type="button" onClick={onClose} data-autofocus>Cancel</button>
      </div>
    </Dialog>
  );
}
