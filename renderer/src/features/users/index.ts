// Users and roles: the Users tab of pools and servers (Active Directory, the subjects with access and
// their roles) and its dialogs.
import type { Feature } from '../../framework/feature';
import { UsersTab } from './UsersTab';
import { JoinDomainDialog, LeaveDomainDialog } from './DomainDialogs';
import { AddSubjectsDialog } from './AddSubjectsDialog';
import { ChangeRoleDialog, LogoutSubjectDialog, RemoveSubjectDialog } from './SubjectDialogs';

export const usersFeature: Feature = {
  id: 'users',
  tabs: [{ tab: { id: 'users', title: 'Users', component: UsersTab }, kinds: ['pool', 'host'], order: 45 }],
  dialogs: [
    { kind: 'users.joinDomain', component: JoinDomainDialog },
    { kind: 'users.leaveDomain', component: LeaveDomainDialog },
    { kind: 'users.add', component: AddSubjectsDialog },
    { kind: 'users.remove', component: RemoveSubjectDialog },
    { kind: 'users.changeRole', component: ChangeRoleDialog },
    { kind: 'users.logout', component: LogoutSubjectDialog },
  ],
};
