// Users and roles: the Users tab of pools and servers (Active Directory, the subjects with access and
// their roles) and its dialogs.
import type { Feature, TabSpec } from '../../framework/feature';
import { UsersTab } from './UsersTab';
import { JoinDomainDialog, LeaveDomainDialog } from './DomainDialogs';
import { AddSubjectsDialog } from './AddSubjectsDialog';
import { ChangeRoleDialog, ChangeRolesDialog, LogoutSubjectDialog, LogoutSubjectsDialog, RemoveSubjectDialog, RemoveSubjectsDialog } from './SubjectDialogs';

/** XenCenter shows the Users tab on pools and standalone servers: a member's users are its pool's. */
const notPoolMember: TabSpec['shows'] = (target, store) => {
  if (target.kind !== 'host') return true;
  const pools = store.objects.get(target.connectionId)?.get('pool');
  const pool = pools ? pools.values().next().value as Record<string, unknown> | undefined : undefined;
  return !pool || typeof pool.name_label !== 'string' || pool.name_label === '';
};

export const usersFeature: Feature = {
  id: 'users',
  tabs: [{ tab: { id: 'users', title: 'Users', component: UsersTab }, kinds: ['pool', 'host'], order: 45, shows: notPoolMember }],
  dialogs: [
    { kind: 'users.joinDomain', component: JoinDomainDialog },
    { kind: 'users.leaveDomain', component: LeaveDomainDialog },
    { kind: 'users.add', component: AddSubjectsDialog },
    { kind: 'users.remove', component: RemoveSubjectDialog },
    { kind: 'users.changeRole', component: ChangeRoleDialog },
    { kind: 'users.logout', component: LogoutSubjectDialog },
    { kind: 'users.removeMany', component: RemoveSubjectsDialog },
    { kind: 'users.changeRoleMany', component: ChangeRolesDialog },
    { kind: 'users.logoutMany', component: LogoutSubjectsDialog },
  ],
};
