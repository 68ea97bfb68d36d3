// The dialogs on one or several subjects (XenCenter's AdPage buttons on the selected rows): Remove…
// (asks, by name or count; warns about Pool Admins and the connected user), Logout User (asks; warns
// when the connected user is among them) and Change Role… (RoleSelectionDialog: one role, with the
// roles' descriptions; on several, each role shows whether all, none or some of them hold it). Each
// sends its calls subject by subject; a refusal shows inside the dialog, words and code, per subject,
// and the others still get done.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { appStore, useApp } from '../../state';
import type { SelectedObject } from '../../framework/command';
import { useBridge } from '../../framework/bridge-context';
import { useUi } from '../../state/ui';
import { toErrorInfo } from '../../bridge';
import { errorText } from '../../xapi-model/errors';
import { record } from '../../xapi-model/records';
import { str } from '../../xapi-model/format';
import { Dialog } from '../../ui/Dialog';
import { ROLE_WORDS } from '../../../../shared/xapi/roles';
import {
  adminRemovalWarning, isConnectedUser, logoutQuestion, removeQuestion, roleBlurb, roleChangeNeeded, roleChanges, roleStates, subjectName,
  type SubjectTarget,
} from './model';
import { LOGGED_IN_KEY, useRoles } from './queries';

/** The subjects still on the server among `targets`, with what the dialogs need of each. */
function useSubjects(targets: readonly SelectedObject[]): SubjectTarget[] {
  const json = useApp((s) => JSON.stringify(targets.flatMap((t): SubjectTarget[] => {
    const rec = record(s, t.connectionId, 'subject', t.ref);
    if (!rec) return [];
    const sid = str(rec.subject_identifier);
    const user = s.connections.get(t.connectionId)?.user ?? '';
    return [{
      ref: t.ref, sid, name: subjectName(rec.other_config, sid), roles: Array.isArray(rec.roles) ? rec.roles.map(String) : [],
      self: isConnectedUser(rec.other_config, user), isGroup: str((rec.other_config as Record<string, unknown> | undefined)?.['subject-is-group']) === 'true',
    }];
  })));
  return JSON.parse(json) as SubjectTarget[];
}

/** One subject's outcome: done, or refused with the server's words and code. */
interface Outcome { name: string; error?: string }

/** Runs `act` on each subject in turn; one refusal does not stop the others. */
async function eachSubject(subjects: readonly SubjectTarget[], act: (s: SubjectTarget) => Promise<void>): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const s of subjects) {
    try { await act(s); out.push({ name: s.name }); } catch (e) { out.push({ name: s.name, error: errorText(toErrorInfo(e)) }); }
  }
  return out;
}

/**
 * A dialog that runs `act` on OK: closes when every subject was done; otherwise shows what was done and
 * what was refused (words and code), and OK becomes Close.
 */
function ActDialog({ title, ok, act, disabled, reason, children, wide }: {
  title: string; ok: string; act: () => Promise<Outcome[]>; disabled?: boolean; reason?: string; children: ReactNode; wide?: boolean;
}) {
  const close = useUi((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (outcomes) { close(); return; }
    setBusy(true);
    const done = await act();
    setBusy(false);
    if (done.every((o) => !o.error)) close();
    else setOutcomes(done);
  };
  const failed = outcomes?.filter((o) => o.error).length ?? 0;
  return (
    <Dialog title={title} onCancel={close} className={`users-dialog${wide ? ' users-roles-dialog' : ''}`}>
      <form onSubmit={submit} noValidate>
        {outcomes ? (
          <>
            <p role="alert" className="dialog-error">
              {failed === outcomes.length ? (outcomes.length === 1 ? 'The server refused it.' : `The server refused it for all ${failed}.`)
                : `Done for ${outcomes.length - failed} of ${outcomes.length}; the server refused ${failed}.`}
            </p>
            <table className="grid users-resolved" aria-label="Results">
              <thead><tr><th>User or group</th><th>Result</th></tr></thead>
              <tbody>
                {outcomes.map((o) => (
                  <tr key={o.name} data-state={o.error ? 'failed' : 'added'}><td>{o.name}</td><td>{o.error ? `Failed: ${o.error}` : 'Done'}</td></tr>
                ))}
              </tbody>
            </table>
          </>
        ) : children}
        <div className="dialog-buttons">
          {outcomes ? <button type="submit" className="primary">Close</button> : (
            <>
              <button type="submit" className="primary" disabled={busy || disabled} title={disabled ? reason : undefined}>{ok}</button>
              <button type="button" onClick={close} data-autofocus>Cancel</button>
            </>
          )}
        </div>
      </form>
    </Dialog>
  );
}

const poolName = (connectionId: string): string => {
  const pool = [...(appStore.getState().objects.get(connectionId)?.get('pool')?.values() ?? [])][0];
  return str(pool?.name_label) || 'this server';
};

const GONE = <p>The users and groups are no longer on the server.</p>;
const kindTitle = (subjects: readonly SubjectTarget[], one: string): string => {
  const groups = subjects.filter((s) => s.isGroup).length;
  if (subjects.length === 1) return `${one} ${groups ? 'Group' : 'User'}`;
  return `${one} ${groups === subjects.length ? 'Groups' : groups === 0 ? 'Users' : 'Users and Groups'}`;
};

export function RemoveSubjectsDialog({ targets }: { targets: SelectedObject[] }) {
  const bridge = useBridge();
  const queries = useQueryClient();
  const subjects = useSubjects(targets);
  const connectionId = targets[0]?.connectionId ?? '';
  const { roles } = useRoles(connectionId);
  const adminRef = roles?.find((r) => r.name === 'pool-admin')?.ref;
  const admins = adminRef ? subjects.filter((s) => s.roles.includes(adminRef)).length : 0;
  const self = subjects.find((s) => s.self);
  // As XenCenter: each subject's sessions end first, then it loses access.
  const act = async () => {
    const out = await eachSubject(subjects, async (s) => {
      await bridge.request('users.logout', { connectionId, sid: s.sid });
      await bridge.request('xapi.call', { connectionId, method: 'subject.destroy', args: [s.ref] });
    });
    void queries.invalidateQueries({ queryKey: [LOGGED_IN_KEY, connectionId] });
    return out;
  };
  const warning = adminRemovalWarning(subjects.length, admins);
  // Named for what was selected: the title stays while the removed ones leave the cache.
  const [title] = useState(() => kindTitle(subjects, 'Remove'));
  return (
    <ActDialog title={title} ok="Remove" act={act} disabled={subjects.length === 0} reason="Nothing to remove">
      {subjects.length === 0 ? GONE : (
        <>
          <p>{removeQuestion(subjects)} {subjects.length === 1 ? 'Its sessions end and it can no longer log in.' : 'Their sessions end and they can no longer log in.'}</p>
          {subjects.length > 1 ? <ul className="users-names" aria-label="Users and groups to remove">{subjects.map((s) => <li key={s.ref}>{s.name}</li>)}</ul> : null}
          {warning ? <p className="users-warning">{warning}</p> : null}
          {self ? <p className="users-warning" role="status">You are logged in to {poolName(connectionId)} as {self.name}: you will lose access when your session ends.</p> : null}
        </>
      )}
    </ActDialog>
  );
}

export function LogoutSubjectsDialog({ targets }: { targets: SelectedObject[] }) {
  const bridge = useBridge();
  const queries = useQueryClient();
  const subjects = useSubjects(targets);
  const connectionId = targets[0]?.connectionId ?? '';
  const self = subjects.some((s) => s.self);
  const act = async () => {
    const out = await eachSubject(subjects, (s) => bridge.request('users.logout', { connectionId, sid: s.sid }).then(() => undefined));
    void queries.invalidateQueries({ queryKey: [LOGGED_IN_KEY, connectionId] });
    return out;
  };
  return (
    <ActDialog title="Logout User" ok="Log Out" act={act} disabled={subjects.length === 0} reason="Nothing to log out">
      {subjects.length === 0 ? GONE : (
        <>
          <p>{logoutQuestion(subjects)}</p>
          {subjects.length > 1 ? <ul className="users-names" aria-label="Users and groups to log out">{subjects.map((s) => <li key={s.ref}>{s.name}</li>)}</ul> : null}
          {self ? (
            <p className="users-warning" role="status">
              You are currently logged in as {subjects.length > 1 ? 'one of the selected users' : 'the selected user'}: this connection keeps its session, every other one of yours ends.
            </p>
          ) : null}
        </>
      )}
    </ActDialog>
  );
}

export function ChangeRolesDialog({ targets }: { targets: SelectedObject[] }) {
  const bridge = useBridge();
  const subjects = useSubjects(targets);
  const connectionId = targets[0]?.connectionId ?? '';
  const { roles, error } = useRoles(connectionId);
  const states = roleStates(subjects, (roles ?? []).map((r) => r.ref));
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const one = subjects.length === 1;
  // One subject: its role is the choice until another is picked. Several: nothing until one is picked.
  const pick = chosen ?? (one ? roles?.find((r) => states.get(r.ref) === 'all')?.ref : undefined);
  const needed = pick !== undefined && roleChangeNeeded(subjects, pick);
  const act = () => eachSubject(subjects, async (s) => {
    const { add, remove } = roleChanges(s.roles, pick!);
    // Add first, then remove: the subject is never left without a role if a call is refused.
    for (const r of add) await bridge.request('xapi.call', { connectionId, method: 'subject.add_to_roles', args: [s.ref, r] });
    for (const r of remove) await bridge.request('xapi.call', { connectionId, method: 'subject.remove_from_roles', args: [s.ref, r] });
  });
  const [title] = useState(() => (subjects.length === 0 ? 'Change Role' : one ? `Change Role — ${subjects[0].name}` : `Change Role — ${subjects.length} users and groups`));
  return (
    <ActDialog title={title} ok="Save" act={act} wide disabled={!needed}
      reason={pick === undefined ? 'Choose a role' : 'Every selected user and group already has this role, and no other'}>
      {subjects.length === 0 ? GONE : (
        <>
          <p>{roleBlurb(subjects)} It applies from the next login.</p>
          {error ? <div role="alert" className="dialog-error">{errorText(toErrorInfo(error))}</div> : null}
          <fieldset className="users-roles">
            <legend>Role</legend>
            {(roles ?? []).map((r) => {
              const state = states.get(r.ref);
              const checked = pick === r.ref;
              const mixed = chosen === undefined && !one && state === 'some';
              const input = one
                ? <input type="radio" name="role" value={r.ref} checked={checked} onChange={() => setChosen(r.ref)} disabled={!r.ref} />
                // Several: XenCenter's three-state boxes, one checked at a time; "some" shows mixed until a choice.
                : <input type="checkbox" name="role" value={r.ref} checked={chosen === undefined ? state === 'all' : checked} aria-checked={mixed ? 'mixed' : undefined}
                  ref={(el) => { if (el) el.indeterminate = mixed; }} onChange={() => setChosen(r.ref)} disabled={!r.ref} />;
              return (
                <label key={r.name} className="users-role">
                  {input}
                  <span className="users-role-name">{ROLE_WORDS[r.name]}{!one && state !== 'none' && chosen === undefined ? <span className="users-role-held"> ({state === 'all' ? 'all' : 'some'})</span> : null}</span>
                  <span className="users-role-desc">{r.description}</span>
                </label>
              );
            })}
          </fieldset>
        </>
      )}
    </ActDialog>
  );
}

// The single-subject dialog kinds (the menus' one-object path) are the same dialogs on one target.
export const RemoveSubjectDialog = ({ target }: { target: SelectedObject }) => <RemoveSubjectsDialog targets={[target]} />;
export const LogoutSubjectDialog = ({ target }: { target: SelectedObject }) => <LogoutSubjectsDialog targets={[target]} />;
export const ChangeRoleDialog = ({ target }: { target: SelectedObject }) => <ChangeRolesDialog targets={[target]} />;
