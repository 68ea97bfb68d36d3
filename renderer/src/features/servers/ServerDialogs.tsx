// Dialogs behind the server commands: Reconnect As… (and the password prompt of Reconnect),
// Forget's confirmation, and File > Password Storage….
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ConnectionInfo, ErrorInfo, SettingsStatus } from '../../../../shared/ipc/contract';
import { toErrorInfo } from '../../bridge/types';
import { forgetServers } from './commands';
import { useBridge } from '../../framework/bridge-context';
import { Dialog } from '../../ui/Dialog';
import { useApp, type ObjectsView } from '../../state';
import { useUi } from '../../state/ui';
import { errorParamsText, errorText } from '../../xapi-model/errors';
import { connectionDisplayName } from '../../xapi-model/names';
import { useTrust } from '../../state/trust';

/** The name a server goes by: its pool's name, a standalone server's own name, else the friendly name or address. */
export function serverName(s: ObjectsView, c: ConnectionInfo | undefined): string {
  return c ? connectionDisplayName(s, c) : '';
}

function ErrorBox({ error }: { error: ErrorInfo | null }) {
  if (!error) return null;
  const params = errorParamsText(error);
  return (
    <div role="alert" className="dialog-error">
      <div>{error.code ? errorText(error) : error.message}</div>
      {params ? <div className="error-params">{params}</div> : null}
    </div>
  );
}

function ReconnectAsDialog({ connectionId, fixedUser }: { connectionId: string; fixedUser: boolean }) {
  const bridge = useBridge();
  const setUi = useUi((s) => s.set);
  const conn = useApp((s) => s.connections.get(connectionId));
  const name = useApp((s) => serverName(s, s.connections.get(connectionId)));
  const [user, setUser] = useState(conn?.user ?? 'root');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const ids = { server: useId(), user: useId(), password: useId() };
  const close = () => setUi('serverDialog', null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // Main disconnects a live server first, then logs in with these credentials.
      await bridge.request('servers.reconnect', { connectionId, user, password });
      close();
    } catch (err) {
      setError(toErrorInfo(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={fixedUser ? 'Enter Password' : 'Reconnect As'} onCancel={close} className="add-server">
      <form onSubmit={submit} noValidate>
        {fixedUser ? <p className="dialog-text">Enter the password of <strong>{user}</strong> on <strong>{name}</strong> to reconnect.</p> : null}
        <div className="form-grid">
          <label htmlFor={ids.server}>Server</label>
          <input id={ids.server} type="text" value={conn?.url ?? name} readOnly tabIndex={-1} />
          <label htmlFor={ids.user}>User name</label>
          <input id={ids.user} type="text" autoComplete="username" value={user} readOnly={fixedUser || busy} onChange={(e) => setUser(e.target.value)} />
          <label htmlFor={ids.password}>Password</label>
          <input id={ids.password} type="password" autoComplete="current-password" value={password} readOnly={busy}
            data-autofocus={fixedUser ? true : undefined} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {busy ? (
          <div role="status" className="dialog-progress">
            <div role="progressbar" aria-label="Connecting" className="progress indeterminate"><div className="progress-fill" /></div>
            <span>Connecting to {name}…</span>
          </div>
        ) : <ErrorBox error={error} />}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy} title={busy ? 'Connecting to the server…' : undefined}>Reconnect</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

function ForgetDialog({ connectionIds }: { connectionIds: string[] }) {
  const bridge = useBridge();
  const setUi = useUi((s) => s.set);
  const pushAlert = useUi((s) => s.pushAlert);
  const names = useApp((s) => connectionIds.map((id) => serverName(s, s.connections.get(id))).join('\u0000'));
  const list = names.split('\u0000');
  const title = list.length === 1 ? `Forget ${list[0]}?` : `Forget ${list.length} servers?`;
  const close = () => setUi('serverDialog', null);
  const forget = async () => {
    close();
    for (const o of await forgetServers(connectionIds, bridge)) {
      if (o.error) pushAlert(`Forget failed: ${errorText(toErrorInfo(o.error))}`);
    }
  };
  return (
    <Dialog title={title} onCancel={close} className="confirm">
      <p className="dialog-text">
        {list.length === 1 ? 'PoolDesk will disconnect from this server and remove it, with its saved password, from your server list.'
          : 'PoolDesk will disconnect from these servers and remove them, with their saved passwords, from your server list.'}
      </p>
      {list.length > 1 ? <ul className="dialog-list">{list.map((n, i) => <li key={i}>{n}</li>)}</ul> : null}
      <div className="dialog-buttons">
        <button type="button" className="danger" onClick={() => void forget()}>Forget</button>
        <button type="button" data-autofocus onClick={close}>Cancel</button>
      </div>
    </Dialog>
  );
}

/** Reconnect As…, the Reconnect password prompt, or Forget's confirmation, as the UI store asks. */
export function ServerDialog() {
  const d = useUi((s) => s.serverDialog);
  if (!d || d.connectionIds.length === 0) return null;
  if (d.kind === 'forget') return <ForgetDialog connectionIds={d.connectionIds} />;
  return <ReconnectAsDialog key={d.connectionIds[0]} connectionId={d.connectionIds[0]} fixedUser={d.kind === 'password'} />;
}

export const MIN_MAIN_PASSWORD = 8;

/** Checks a new main password and its confirmation; returns the problem in words, or null. */
export function mainPasswordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_MAIN_PASSWORD) return `The main password must be at least ${MIN_MAIN_PASSWORD} characters long.`;
  if (password !== confirm) return 'The two passwords do not match.';
  return null;
}

function PasswordField({ label, value, onChange }: { label: string; value: string; onChange(v: string): void; autoFocus?: boolean }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
    </>
  );
}

function StorageForm({ status, onDone, onClose }: { status: SettingsStatus; onDone(s: SettingsStatus, message: string): void; onClose(): void }) {
  const bridge = useBridge();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const mode = status.passwordStorage;

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (mode !== 'main-password-locked') {
      const problem = mainPasswordProblem(password, confirm);
      if (problem) { setError({ code: '', params: [], message: problem }); return; }
    }
    setBusy(true);
    try {
      if (mode === 'main-password-locked') onDone(await bridge.request('settings.unlock', { password: current }), 'Stored passwords are unlocked.');
      else if (mode === 'main-password-unlocked') onDone(await bridge.request('settings.setMainPassword', { password, current }), 'The main password was changed.');
      else onDone(await bridge.request('settings.setMainPassword', { password }), 'The main password is set: passwords of saved servers are now stored.');
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'os') {
    return <div className="dialog-buttons"><button type="button" className="primary" onClick={onClose}>OK</button></div>;
  }
  return (
    <form onSubmit={run} noValidate>
      <div className="form-grid">
        {mode === 'main-password-locked' ? <PasswordField label="Main password" value={current} onChange={setCurrent} autoFocus /> : null}
        {mode === 'main-password-unlocked' ? <PasswordField label="Current main password" value={current} onChange={setCurrent} autoFocus /> : null}
        {mode !== 'main-password-locked' ? (
          <>
            <PasswordField label={mode === 'main-password-unlocked' ? 'New main password' : 'Main password'} value={password} onChange={setPassword} autoFocus={mode === 'main-password-unset'} />
            <PasswordField label={mode === 'main-password-unlocked' ? 'Confirm new main password' : 'Confirm main password'} value={confirm} onChange={setConfirm} />
          </>
        ) : null}
      </div>
      {mode !== 'main-password-locked' ? <p className="field-hint">At least {MIN_MAIN_PASSWORD} characters. It cannot be recovered: if you forget it, you will need to enter the servers&apos; passwords again.</p> : null}
      <ErrorBox error={error} />
      <div className="dialog-buttons">
        <button type="submit" className="primary" disabled={busy} title={busy ? 'Checking the main password…' : undefined}>
          {mode === 'main-password-locked' ? 'Unlock' : mode === 'main-password-unlocked' ? 'Change Main Password' : 'Set Main Password'}
        </button>
        <button type="button" onClick={onClose}>{mode === 'main-password-locked' ? 'Not Now' : 'Cancel'}</button>
      </div>
    </form>
  );
}

const EXPLAIN: Record<string, string> = {
  os: "Passwords are kept in your operating system's keychain.",
  'main-password-unset': 'This system has no keychain that PoolDesk can use, so passwords of saved servers are not stored. Set a main password to store them encrypted with a key derived from it; you then enter the main password once each time PoolDesk starts.',
  'main-password-locked': 'Passwords of saved servers are stored encrypted with your main password. Enter it to unlock them and reconnect those servers.',
  'main-password-unlocked': 'Passwords of saved servers are stored encrypted with your main password, and are unlocked now. You can change the main password here.',
};

/** File > Password Storage…, also offered once at start when stored passwords are locked. */
export function PasswordStorageDialog() {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const status = useTrust((s) => s.settings);
  const setSettings = useTrust((s) => s.setSettings);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const descId = useId();
  const close = useUi.getState().closeDialog;
  useEffect(() => {
    bridge.request('settings.status', {}).then(setSettings, (err: unknown) => setLoadError(toErrorInfo(err)));
  }, [bridge, setSettings]);
  const done = (s: SettingsStatus, message: string) => {
    setSettings(s);
    pushAlert(message, 'info');
    close();
  };
  return (
    <Dialog title="Password Storage" onCancel={close} describedBy={descId} className="password-storage">
      {status ? (
        <>
          <p id={descId} className="dialog-text">{EXPLAIN[status.passwordStorage] ?? status.passwordStorage}</p>
          <StorageForm status={status} onDone={done} onClose={close} />
        </>
      ) : (
        <>
          {loadError ? <ErrorBox error={loadError} /> : <p id={descId} role="status">Loading…</p>}
          <div className="dialog-buttons"><button type="button" onClick={close}>Close</button></div>
        </>
      )}
    </Dialog>
  );
}
