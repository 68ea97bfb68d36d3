// "Paste as keystrokes": text (prefilled from the clipboard when the browser allows it) typed
// into the VM one key at a time, with progress for long text.
import { useEffect, useId, useRef, useState } from 'react';
import { Dialog } from '../../ui/Dialog';
import { textToKeystrokes } from './keysyms';

interface Props {
  onClose(): void;
  typeText(text: string, onProgress: (done: number, total: number) => void, signal: AbortSignal): Promise<void>;
}

export function PasteDialog({ onClose, typeText }: Props) {
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const touched = useRef(false);
  const textId = useId();

  useEffect(() => {
    let live = true;
    navigator.clipboard?.readText?.().then((clip) => {
      if (live && clip && !touched.current) setText(clip);
    }, () => { /* no permission: the user pastes or types */ });
    return () => { live = false; abort.current?.abort(); };
  }, []);

  const typing = progress !== null;
  const count = textToKeystrokes(text).length;

  const start = async () => {
    if (typing || count === 0) return;
    const ctl = new AbortController();
    abort.current = ctl;
    setError(null);
    setProgress({ done: 0, total: count });
    try {
      await typeText(text, (done, total) => setProgress({ done, total }), ctl.signal);
      if (!ctl.signal.aborted) onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setProgress(null);
    }
  };

  const cancel = () => {
    if (typing) { abort.current?.abort(); setProgress(null); return; }
    onClose();
  };

  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Dialog title="Paste as keystrokes" onCancel={cancel} className="paste-dialog">
      <label htmlFor={textId} className="paste-label">Text to type</label>
      <textarea
        id={textId}
        className="paste-text mono"
        value={text}
        rows={7}
        spellCheck={false}
        readOnly={typing}
        onChange={(e) => { touched.current = true; setText(e.target.value); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void start(); } }}
      />
      <p className="paste-help">
        Each character is sent as a key press ({count} {count === 1 ? 'key' : 'keys'}), as typed on a US keyboard layout.
        New lines are sent as Enter.
      </p>
      {typing ? (
        <div className="dialog-progress">
          <div className="progress" role="progressbar" aria-label="Typing" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <span>Typing {progress.done} of {progress.total}…</span>
        </div>
      ) : null}
      {error ? <div className="dialog-error" role="alert">{error}</div> : null}
      <div className="dialog-buttons">
        <button type="button" onClick={cancel}>{typing ? 'Stop' : 'Cancel'}</button>
        <button type="button" className="primary" disabled={typing || count === 0}
          title={typing ? 'Typing is under way' : count === 0 ? 'Text: there is nothing to type' : undefined} onClick={() => void start()}>Type</button>
      </div>
    </Dialog>
  );
}
