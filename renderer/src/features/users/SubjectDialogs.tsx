// The dialogs on one subject: Remove… (asks; warns when it is the connected user, or a Pool Admin),
// Logout User (asks; warns when it is the connected user) and Change Role… (XenCenter's
// RoleSelectionDialog: one role, with the roles' descriptions). Each sends its calls and shows a
// refusal inside the dialog, words and code, keeping the dialog open.
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
import { isConnectedUser, roleChanges, subjectName } from './model';
import { LOGGED_IN_KEY, useRoles } from './queries';

function useSubject(target: SelectedObject) {
  const json = useApp((s) => {
    const rec = record(s, target.connectionId, 'subject', target.ref);
    if (!rec) return 'null';
    const sid = str(rec.subject_identifier);
    const roles = Array.isArray(rec.roles) ? rec.roles.map(String) : [];
    const user = s.connections.get(target.connectionId)?.user ?? '';
    const isGroup = str((rec.other_config as Record<string, unknown> | undefined)?.['subject-is-group']) === 'true';
    return JSON.stringify({ sid, name: subjectName(rec.other_config, sid), roles, self: isConnectedUser(rec.other_config, user), isGroup });
  });
  return JSON.parse(json) as { sid: string; name: string; roles: string[]; self: boolean; isGroup: boolean } | null;
}

/** A dialog that runs `act` on OK and closes, or shows the refusal and stays. */
function ActDialog({ title, ok, act, children, wide }: { title: string; ok: string; act: () => Promise<void>; children: ReactNode; wide?: boolean }) {
  const close = useUi((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try { await act(); close(); } catch (err) { setError(errorText(toErrorInfo(err))); setBusy(false); }
  };
  return (
    <Dialog title={title} onCancel={close} className={`users-dialog${wide ? ' users-roles-dialog' : ''}`}>
      <form onSubmit={submit} noValidate>
        {children}
        {error ? <div role="alert" className="dialog-error">{error}</div> : null}
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>{ok}</button>
          <button type="button" onClick={close} data-autofocus>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

const poolName = (connectionId: string): string => {
  const pool = [...(appStore.getState().objects.get(connectionId)?.get('pool')?.values() ?? [])][0];
  return str(pool?.name_label) || 'this server';
};

export function RemoveSubjectDialog({ target }: { target: SelectedObject }) {
  const bridge = useBridge();
  const queries = useQueryClient();
  const s = useSubject(target);
  const { roles } = useRoles(target.connectionId);
  const adminRef = roles?.find((r) => r.name === 'pool-admin')?.ref;
  if (!s) return <ActDialog title="Remove User" ok="Remove" act={async () => {}}><p>The user or group is no longer on the server.</p></ActDialog>;
  const kind = s.isGroup ? 'group' : 'user';
  // As XenCenter: the subject's sessions end first, then it loses access.
  const act = async () => {
    await bridge.request('users.logout', { connectionId: target.connectionId, sid: s.sid });
    await bridge.request('xapi.call', { connectionId: target.connectionId, method: 'subject.destroy', args: [target.ref] });
    void queries.invalidateQueries({ queryKey: [LOGGED_IN_KEY, target.connectionId] });
  };
  return (
    <ActDialog title={`Remove ${s.isGroup ? 'Group' : 'User'}`} ok="Remove" act={act}>
      <p>Are you sure you want to remove the {kind} &apos;{s.name}&apos;? Its sessions end and it can no longer log in.</p>
      {adminRef && s.roles.includes(adminRef) ? <p className="users-warning">The {kind} you are about to remove is a Pool Administrator.</p> : null}
      {s.self ? <p className="users-warning" role="status">You are logged in to {poolName(target.connectionId)} as this user: you will lose access when your session ends.</p> : null}
    </ActDialog>
  );
}

export function LogoutSubjectDialog({ target }: { target: SelectedObject }) {
  const bridge = useBridge();
  const queries = useQueryClient();
  const s = useSubject(target);
  if (!s) return <ActDialog title="Logout User" ok="Log Out" act={async () => {}}><p>The user or group is no longer on the server.</p></ActDialog>;
  const act = async () => {
    await bridge.request('users.logout', { connectionId: target.connectionId, sid: s.sid });
    void queries.invalidateQueries({ queryKey: [LOGGED_IN_KEY, target.connectionId] });
  };
  return (
    <ActDialog title="Logout User" ok="Log Out" act={act}>
      <p>Are you sure you want to log out {s.isGroup ? 'every member of the group' : 'the user'} &apos;{s.name}&apos;?</p>
      {s.self ? <p className="users-warning" role="status">You are currently logged in as the selected user: this connection keeps its session, every other one of yours ends.</p> : null}
    </ActDialog>
  );
}

export function ChangeRoleDialog({ target }: { target: SelectedObject }) {
  const bridge = useBridge();
  const s = useSubject(target);
  const { roles, error } = useRoles(target.connectionId);
  const current = roles?.find((r) => s?.roles.includes(r.ref));
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const pick = chosen ?? current?.ref;
  if (!s) return <ActDialog title="Change Role" ok="Save" act={async () => {}}><p>The user or group is no longer on the server.</p></ActDialog>;
  const act = async () => {
    if (!pick) throw new Error('Choose a role');
    const { add, remove } = roleChanges(s.roles, pick);
    // Add first, then remove: the subject is never left without a role if a call is refused.
    for (const r of add) await bridge.request('xapi.call', { connectionId: target.connectionId, method: 'subject.add_to_roles', args: [target.ref, r] });
    for (const r of remove) await bridge.request('xapi.call', { connectionId: target.connectionId, method: 'subject.remove_from_roles', args: [target.ref, r] });
  };
  return (
    <ActDialog title={`Change Role — ${s.name}`} ok="Save" act={act} wide>
      <p>Choose the role of {s.isGroup ? 'the group' : 'the user'} &apos;{s.name}&apos;. It applies from the next login.</p>
      {error ? <div role="alert" className="dialog-error">{errorText(toErrorInfo(error))}</div> : null}
      <fieldset className="users-roles">
        <legend>Role</legend>
        {(roles ?? []).map((r) => (
          <label key={r.name} className="users-role">
            <input type="radio" name="role" value={r.ref} checked={pick === r.ref} onChange={() => setChosen(r.ref)} disabled={!r.ref} />
            <span className="users-role-name">{ROLE_WORDS[r.name]}</span>
            <span className="users-role-desc">{r.description}</span>
          </label>
        ))}
      </fieldset>
    </ActDialog>
  );
}
