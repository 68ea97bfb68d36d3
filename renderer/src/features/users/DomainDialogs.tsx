// Join Domain… (XenCenter's AdPasswordPrompt: domain, user, password) and Leave Domain… (its question,
// with the warning when this connection itself logged in through the domain, then the optional
// credentials that disable the machine accounts). The password lives in
// this dialog's state only, and crosses once, in users.joinDomain or users.leaveDomain; main sends it to the pool's server.
import { useId, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { requestOutcome } from '../../framework/outcome';
import { useRunChoice } from '../../framework/use-run-choice';
import { Dialog } from '../../ui/Dialog';
import { JOIN_DOMAIN_COMMAND, LEAVE_DOMAIN_COMMAND } from './commands';
import { authState } from './model';

const DOMAIN = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function usePlace(target: SelectedObject): string {
  return useApp((s) => {
    const a = authState(s, target.connectionId);
    return a ? `${a.isPool ? 'pool' : 'server'} '${a.name}'` : 'the server';
  });
}

export function JoinDomainDialog({ target }: { target: SelectedObject }) {
  const { close, run } = useRunChoice();
  const place = usePlace(target);
  const [domain, setDomain] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const ids = { domain: useId(), user: useId(), password: useId() };
  const missing = !DOMAIN.test(domain.trim()) ? 'Domain: type a domain name such as corp.example.com'
    : !user.trim() ? 'User name: type an account that may join servers to the domain'
      : !password ? 'Password: type the account\'s password' : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (missing) return;
    const d = domain.trim();
    run(JOIN_DOMAIN_COMMAND, target, async (sel, b) => [await requestOutcome(sel[0], `Joining domain ${d}`, undefined,
      () => b.request('users.joinDomain', { connectionId: sel[0].connectionId, poolRef: sel[0].ref, domain: d, user: user.trim(), password }))]);
  };
  return (
    <Dialog title="Join Active Directory Domain" onCancel={close} className="users-dialog">
      <form onSubmit={submit} noValidate autoComplete="off">
        <p>Enter the domain for {place} to join, and the user name and password of an account that may add computers to it.</p>
        <div className="form-grid">
          <label htmlFor={ids.domain}>Domain</label>
          <input id={ids.domain} value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="corp.example.com" spellCheck={false} />
          <label htmlFor={ids.user}>User name</label>
          <input id={ids.user} value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} />
          <label htmlFor={ids.password}>Password</label>
          <input id={ids.password} type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!missing} title={missing}>Join Domain</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Leave Domain…: XenCenter's question, then its AdPasswordPrompt for leaving: an account that may remove
 * the servers' machine accounts from AD (Disable), or none (Ignore: the machine accounts stay enabled).
 * The password lives in this dialog's state only and crosses once, in users.leaveDomain.
 */
export function LeaveDomainDialog({ target }: { target: SelectedObject }) {
  const { close, run } = useRunChoice();
  const place = usePlace(target);
  const domain = useApp((s) => authState(s, target.connectionId)?.domain ?? '');
  const [step, setStep] = useState<'confirm' | 'credentials'>('confirm');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const ids = { domain: useId(), user: useId(), password: useId() };
  // The connection's own user came through the domain ("CORP\\alice", "alice@corp…"): it is logged out too.
  const viaDomain = /[\\@]/.test(appStore.getState().connections.get(target.connectionId)?.user ?? '');
  const leave = (credentials?: { user: string; password: string }) => run(LEAVE_DOMAIN_COMMAND, target, async (sel, b) => [await requestOutcome(sel[0], `Leaving domain ${domain}`, undefined,
    () => b.request('users.leaveDomain', { connectionId: sel[0].connectionId, poolRef: sel[0].ref, ...(credentials ? { credentials } : {}) }))]);
  if (step === 'confirm') {
    return (
      <Dialog title="Leave Active Directory Domain" onCancel={close} className="users-dialog" role="alertdialog">
        <p>You are about to remove {place} from the AD domain &apos;{domain}&apos;. Any users authenticated using AD will be disconnected.</p>
        {viaDomain ? <p className="users-warning" role="status">You are connected to {place} using Active Directory authentication: you will be disconnected too.</p> : null}
        <p>Do you want to continue?</p>
        <div className="dialog-buttons">
          <button type="button" className="primary" onClick={() => setStep('credentials')}>Leave Domain</button>
          <button type="button" onClick={close} data-autofocus>Cancel</button>
        </div>
      </Dialog>
    );
  }
  const missing = !user.trim() ? 'User name: type an account that may remove machine accounts from the domain, or click Ignore'
    : !password ? 'Password: type the account\'s password, or click Ignore' : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!missing) leave({ user: user.trim(), password });
  };
  return (
    <Dialog title="Disabling AD authentication" onCancel={close} className="users-dialog">
      <form onSubmit={submit} noValidate autoComplete="off">
        <p>Enter a user name and password with sufficient privileges to remove your machine account from AD. Authentication will be disabled even if the machine account cannot be removed.</p>
        <div className="form-grid">
          <label htmlFor={ids.domain}>Domain</label>
          <input id={ids.domain} value={domain} disabled readOnly />
          <label htmlFor={ids.user}>User name</label>
          <input id={ids.user} value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} data-autofocus />
          <label htmlFor={ids.password}>Password</label>
          <input id={ids.password} type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <p className="muted">Alternatively, select Ignore to leave the machine account enabled.</p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!missing} title={missing}>Disable</button>
          <button type="button" onClick={() => leave()}>Ignore</button>
          <button type="button" onClick={close}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
