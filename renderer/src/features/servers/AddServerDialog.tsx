import { useRef, useState, type FormEvent } from 'react';
import { toErrorInfo } from '../../bridge/types';
import { useUi } from '../../state/ui';
import { errorParamsText, errorText } from '../../xapi-model/errors';
import type { ErrorInfo } from '../../../../shared/ipc/contract';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';

export function AddServerDialog() {
  const bridge = useBridge();
  const closeDialog = useUi((s) => s.closeDialog);
  const [server, setServer] = useState('');
  const [user, setUser] = useState('root');
  const [password, setPassword] = useState('');
  const [friendlyName, setFriendlyName] = useState('');
  const [save, setSave] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const close = closeDialog;

  const fields = { server: useRef<HTMLInputElement>(null), user: useRef<HTMLInputElement>(null) };
  const [invalid, setInvalid] = useState<'server' | 'user' | null>(null);

  /** The dialog's own checks, before anything is sent: a field to fix and why, or null. */
  const problem = (address: string): { field: 'server' | 'user'; message: string } | null => {
    if (!address) return { field: 'server', message: 'Enter the name or address of a server.' };
    if (!user.trim()) return { field: 'user', message: 'Enter a user name (for example root).' };
    return null;
  };

  const submit = async (e?: FormEvent, addressOverride?: string) => {
    e?.preventDefault();
    if (busy) return;
    const address = (addressOverride ?? server).trim();
    const p = problem(address);
    setInvalid(p?.field ?? null);
    if (p) {
      setError({ code: '', params: [], message: p.message });
      fields[p.field].current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const name = friendlyName.trim();
      await bridge.request('servers.add', { address, user: user.trim(), password, save, ...(name ? { friendlyName: name } : {}) });
      close();
    } catch (err) {
      setError(toErrorInfo(err));
      setBusy(false);
    }
  };

  // A TLS handshake answered in plain HTTP: main names the http:// address that would reach it.
  const plainHttp = error?.code === 'SERVER_USES_HTTP' && /^http:\/\//.test(error.params[1] ?? '') ? error.params[1] : '';
  const params = plainHttp ? error!.message : error ? errorParamsText(error) : '';
  return (
    <Dialog title="Add New Server" onCancel={close} className="add-server">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor="add-server-address">Server</label>
          <input id="add-server-address" ref={fields.server} aria-invalid={invalid === 'server' || undefined} type="text" autoComplete="off" spellCheck={false} value={server}
            placeholder="host name or IP address" onChange={(e) => setServer(e.target.value)} readOnly={busy} aria-busy={busy} />
          <label htmlFor="add-server-user">User name</label>
          <input id="add-server-user" ref={fields.user} aria-invalid={invalid === 'user' || undefined} type="text" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} readOnly={busy} aria-busy={busy} />
          <label htmlFor="add-server-password">Password</label>
          <input id="add-server-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} readOnly={busy} aria-busy={busy} />
          <label htmlFor="add-server-friendly">Friendly name (optional)</label>
          <input id="add-server-friendly" type="text" autoComplete="off" value={friendlyName} placeholder="e.g. Production pool"
            onChange={(e) => setFriendlyName(e.target.value)} readOnly={busy} />
          <span />
          <label className="checkbox-label">
            <input type="checkbox" checked={save} disabled={busy} onChange={(e) => setSave(e.target.checked)} />
            Save this server
          </label>
        </div>
        {busy ? (
          <div role="status" className="dialog-progress">
            <div role="progressbar" aria-label="Connecting" className="progress indeterminate"><div className="progress-fill" /></div>
            <span>Connecting to {server.trim()}…</span>
          </div>
        ) : null}
        {error && !busy ? (
          <div role="alert" className="dialog-error">
            <div>{error.code ? errorText(error) : error.message}</div>
            {params ? <div className="error-params">{params}</div> : null}
            {plainHttp ? (
              <div className="dialog-error-action">
                <button type="button" onClick={() => { setServer(plainHttp); void submit(undefined, plainHttp); }}>Connect with {plainHttp}</button>
              </div>
            ) : null}
          </div>
        ) : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy} title={busy ? 'Connecting to the server…' : undefined}>Add</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
