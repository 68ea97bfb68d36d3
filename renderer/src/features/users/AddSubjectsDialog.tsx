// Add… (XenCenter's ResolvingSubjectsDialog): names typed by the user, each resolved in the domain
// (auth.get_subject_identifier) and granted access (subject.create), with its outcome per name:
// added, already has access, not found, or the server's refusal in words with its code.
import { useId, useState, type FormEvent } from 'react';
import { appStore } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { useUi } from '../../state/ui';
import { toErrorInfo } from '../../bridge';
import { errorText } from '../../xapi-model/errors';
import { entries } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { namesToResolve, subjectName } from './model';

type Outcome = { state: 'resolving' } | { state: 'added' | 'exists'; name: string } | { state: 'notFound' } | { state: 'failed'; text: string };
const OUTCOME_WORDS: Record<Outcome['state'], string> = { resolving: 'Resolving…', added: 'Granted access', exists: 'Already has access', notFound: 'Not found in the domain', failed: 'Failed' };

export function AddSubjectsDialog({ target }: { target: SelectedObject }) {
  const close = useUi((s) => s.closeDialog);
  const bridge = useBridge();
  const [text, setText] = useState('');
  const [results, setResults] = useState<Array<[string, Outcome]>>([]);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const names = namesToResolve(text);
  const connectionId = target.connectionId;
  const call = (method: string, args: unknown[]) => bridge.request('xapi.call', { connectionId, method, args });

  const resolveOne = async (name: string): Promise<Outcome> => {
    try {
      const sid = String(await call('auth.get_subject_identifier', [name]));
      const known = entries(appStore.getState(), connectionId, 'subject').find(([, s]) => str(s.subject_identifier) === sid);
      if (known) return { state: 'exists', name: subjectName(known[1].other_config, sid) };
      const ref = String(await call('subject.create', [{ subject_identifier: sid, other_config: {}, roles: [] }]));
      const info = await call('subject.get_other_config', [ref]).catch(() => ({}));
      return { state: 'added', name: subjectName(info, sid) };
    } catch (e) {
      const err = toErrorInfo(e);
      if (err.code === 'SUBJECT_CANNOT_BE_RESOLVED') return { state: 'notFound' };
      if (err.code === 'SUBJECT_ALREADY_EXISTS') return { state: 'exists', name };
      return { state: 'failed', text: errorText(err) };
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (names.length === 0 || busy) return;
    setBusy(true);
    const out: Array<[string, Outcome]> = names.map((n) => [n, { state: 'resolving' }]);
    setResults([...out]);
    // One at a time, as XenCenter does: each line says how it went as soon as it is known.
    for (let i = 0; i < out.length; i++) {
      out[i] = [out[i][0], await resolveOne(out[i][0])];
      setResults([...out]);
    }
    setBusy(false);
    setText('');
  };
  const done = results.length > 0 && !busy;
  return (
    <Dialog title="Add Users and Groups" onCancel={close} className="users-dialog users-add">
      <form onSubmit={submit} noValidate>
        <label htmlFor={id}>Enter the names of users or groups from the domain, separated by commas (e.g. CORP\alice, bob@corp.example.com, CORP\Operators):</label>
        <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} disabled={busy} spellCheck={false} />
        {results.length > 0 ? (
          <table className="grid users-resolved" aria-label="Names resolved">
            <thead><tr><th>Name</th><th>Result</th></tr></thead>
            <tbody>
              {results.map(([n, o]) => (
                <tr key={n} data-state={o.state}>
                  <td>{n}</td>
                  <td>{OUTCOME_WORDS[o.state]}{'name' in o && o.name !== n ? `: ${o.name}` : ''}{o.state === 'failed' ? `: ${o.text}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {done ? <p className="users-note">New users and groups have no role yet: choose one with Change Role… before they log in.</p> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy || names.length === 0} title={names.length === 0 ? 'Type at least one name' : undefined}>Grant Access</button>
          <button type="button" onClick={close}>{done ? 'Close' : 'Cancel'}</button>
        </div>
      </form>
    </Dialog>
  );
}
