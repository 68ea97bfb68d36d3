// One text box and OK/Cancel, for New Folder…, Rename Folder… and Rename Tag…: OK stays greyed, with
// the problem in words, until the text is acceptable.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../ui/Dialog';
import { useUi } from '../../state/ui';

export interface PromptProps {
  title: string;
  label: string;
  initial?: string;
  okLabel: string;
  /** Why OK cannot be pressed with this text, or undefined. */
  problem(text: string): string | undefined;
  onOk(text: string): void;
  hint?: ReactNode;
  /** More fields below the text box (New Folder's pool). */
  children?: ReactNode;
}

export function PromptDialog({ title, label, initial = '', okLabel, problem, onOk, hint, children }: PromptProps) {
  const onClose = useUi((s) => s.closeDialog);
  const [text, setText] = useState(initial);
  const id = useId();
  const why = problem(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!why) onOk(text);
  };
  return (
    <Dialog title={title} onCancel={onClose} className="organize-prompt">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor={id}>{label}</label>
          <input id={id} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />
          {children}
        </div>
        {hint ? <p className="field-hint">{hint}</p> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!why} title={why}>{okLabel}</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
