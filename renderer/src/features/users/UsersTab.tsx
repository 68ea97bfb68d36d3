// The Users tab of a pool or server (XenCenter's "Users" page, AdPage.cs): whether it belongs to an
// Active Directory domain (Join Domain… / Leave Domain…), then the users and groups with access, their
// roles and whether they are logged in, live from the cache, with Add…, Remove…, Logout User and
// Change Role… (greyed with their reason, e.g. the role they need) on the rows selected (several with
// Ctrl/Shift, ui/list-selection.ts).
import { useState } from 'react';
import { useApp } from '../../state';
import type { TabTarget } from '../../framework/tab';
import type { SelectedObject } from '../../framework/command';
import { useCommandStates, useRunCommand } from '../../framework/use-commands';
import { MultiSelectGrid } from '../../ui/MultiSelectGrid';
import { EMPTY_SELECTION, keepPresent, type ListSelection } from '../../ui/list-selection';
import { toErrorInfo } from '../../bridge';
import { errorText } from '../../xapi-model/errors';
import { authState, rolesText, subjectRows, type SubjectRow } from './model';
import { POOL_USER_COMMANDS, SUBJECT_COMMANDS } from './commands';
import { useLoggedIn, useRoles } from './queries';
import './users.css';

const ROOT = 'root';
const SUBJECT_COLUMNS = ['Type', 'Subject', 'Roles', 'Logged In'];

type Row = SubjectRow | { ref: typeof ROOT };
const isRoot = (r: Row): r is { ref: typeof ROOT } => r.ref === ROOT;

function Blurb({ connectionId }: { connectionId: string }) {
  const json = useApp((s) => { void s.version; return JSON.stringify(authState(s, connectionId) ?? null); });
  const a = JSON.parse(json) as ReturnType<typeof authState>;
  const pool = a ? { connectionId, cls: 'pool', ref: a.poolRef ?? '' } : undefined;
  const sel = pool ? [pool] : [];
  const states = useCommandStates(POOL_USER_COMMANDS, sel);
  const run = useRunCommand();
  if (!a) return <p className="empty">Loading…</p>;
  const what = a.isPool ? `Pool '${a.name}'` : `Server '${a.name}'`;
  const text = a.kind === 'ad' ? `${what} belongs to domain '${a.domain}'.`
    : a.kind === 'mixed' ? `${what} is only partly in domain '${a.domain}': some of its servers are not. Leave the domain, then join it again.`
      : `AD is not currently configured for ${a.isPool ? 'pool' : 'server'} '${a.name}'. To enable AD authentication, click Join Domain.`;
  const cmd = a.kind === 'none' ? 0 : 1;
  return (
    <section className="users-auth" aria-label="Active Directory">
      <span className={`users-auth-icon${a.kind === 'ad' ? ' on' : ''}`} aria-hidden>{a.kind === 'ad' ? '✔' : 'i'}</span>
      <p className="users-auth-text">{text}</p>
      <button type="button" disabled={!states[cmd].enabled} title={states[cmd].reason} onClick={() => run(POOL_USER_COMMANDS[cmd], sel)}>
        {POOL_USER_COMMANDS[cmd].label}
      </button>
    </section>
  );
}

export function UsersTab({ target }: { target: TabTarget }) {
  // One instance per connection: a row selected on one pool is not carried to another.
  return <UsersPage key={target.connectionId} connectionId={target.connectionId} />;
}

function UsersPage({ connectionId }: { connectionId: string }) {
  const conn = connectionId;
  const { roles, error: rolesError } = useRoles(conn);
  const canSeeSessions = useApp((s) => { const r = s.connections.get(conn)?.role; return r === 'pool-admin' || r === 'pool-operator'; });
  const subjectsKey = useApp((s) => [...(s.objects.get(conn)?.get('subject')?.keys() ?? [])].sort().join(','));
  const { sids, error: loggedInError } = useLoggedIn(conn, subjectsKey, canSeeSessions);
  const roleByRef = new Map((roles ?? []).map((r) => [r.ref, r.name]));
  const json = useApp((s) => { void s.version; return JSON.stringify(subjectRows(s, conn, roleByRef, sids)); });
  const subjects = JSON.parse(json) as SubjectRow[];
  const poolRef = useApp((s) => [...(s.objects.get(conn)?.get('pool')?.keys() ?? [])][0] ?? '');
  const adOn = useApp((s) => authState(s, conn)?.kind !== 'none');
  const rows: Row[] = [{ ref: ROOT }, ...subjects];
  const [picked, setSelection] = useState<ListSelection>(EMPTY_SELECTION);
  // Rows that went (removed here or elsewhere) leave the selection.
  const selection = keepPresent(rows.map((r) => r.ref), picked);
  const chosen = subjects.filter((r) => selection.ids.includes(r.ref));
  const poolSel: SelectedObject[] = [{ connectionId: conn, cls: 'pool', ref: poolRef }];
  const asObjects = (list: SubjectRow[]): SelectedObject[] => list.map((r) => ({ connectionId: conn, cls: 'subject', ref: r.ref }));
  // Logout User acts on the logged-in ones among the selected (XenCenter skips the others).
  const loggedIn = chosen.filter((r) => r.loggedIn);
  const [add, ...onSubject] = SUBJECT_COMMANDS;
  const selFor = (i: number): SelectedObject[] => asObjects(onSubject[i].id === 'users.logout' ? loggedIn : chosen);
  const addState = useCommandStates([add], poolSel)[0];
  const states = [useCommandStates([onSubject[0]], selFor(0))[0], useCommandStates([onSubject[1]], selFor(1))[0], useCommandStates([onSubject[2]], selFor(2))[0]];
  const run = useRunCommand();
  const problem = rolesError ?? loggedInError;
  const reasonFor = (i: number): string | undefined => {
    if (chosen.length === 0) return selection.ids.includes(ROOT) ? 'The local root account always has access: it cannot be changed' : 'Select a user or group';
    if (onSubject[i].id === 'users.logout' && loggedIn.length === 0) return chosen.length === 1 ? `${chosen[0].name} is not logged in` : 'None of the selected users and groups is logged in';
    return states[i].reason;
  };
  const enabled = (i: number): boolean => selFor(i).length > 0 && states[i].enabled;
  return (
    <div className="users-tab">
      <Blurb connectionId={conn} />
      <h3 className="users-heading">Users and Groups with Access</h3>
      <div role="toolbar" aria-label="Users and groups" className="tab-toolbar">
        <button type="button" disabled={!addState.enabled} title={addState.reason} onClick={() => run(add, poolSel)}>{add.label}</button>
        {onSubject.map((c, i) => (
          <button key={c.id} type="button" disabled={!enabled(i)} title={enabled(i) ? undefined : reasonFor(i)} onClick={() => run(c, selFor(i))}>{c.label}</button>
        ))}
      </div>
      {problem ? <p role="alert" className="dialog-error">{errorText(toErrorInfo(problem))}</p> : null}
      <MultiSelectGrid
        label="Users and groups with access" rows={rows} selection={selection} onChange={setSelection} columns={SUBJECT_COLUMNS}
        cells={(r) => isRoot(r)
          ? [<span key="k" className="users-kind">Local user</span>, <span key="n">Local root account <span className="muted">(Always granted access)</span></span>, 'Pool Admin', '—']
          : [
            <span key="k" className="users-kind" data-kind={r.isGroup ? 'group' : 'user'}>{r.isGroup ? 'Group' : 'User'}</span>,
            <span key="n" className="users-name">{r.name}{r.displayName ? <span className="muted"> ({r.displayName})</span> : null}{r.disabled ? <span className="users-disabled"> (account disabled)</span> : null}</span>,
            <span key="r" className={r.roles.length === 0 ? 'users-norole' : undefined}>{rolesText(r.roles)}</span>,
            canSeeSessions ? (r.loggedIn ? 'Yes' : 'No') : '—',
          ]}
      />
      {adOn && subjects.length === 0 ? <p className="empty">No users or groups from the domain have access yet: click Add… to give some.</p> : null}
      <p className="users-note">All changes made to users and groups on the access list will take effect when a user next logs in.</p>
    </div>
  );
}
