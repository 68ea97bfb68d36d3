// The Users tab's commands (XenCenter's AdPage buttons). Join/Leave Domain and Add… act on the pool;
// Remove…, Change Role… and Logout User on one subject or several (each checked alone, their
// multiDialog). Each names the XAPI messages it calls, so a
// session whose role is below them sees it greyed with the role it needs (framework/availability.ts).
import type { StoreView } from '../../state/store';
import type { Command, Selection } from '../../framework/command';
import { record } from '../../xapi-model/records';
import { authState, type AuthState } from './model';

const onePool = (selection: Selection): boolean => selection.length === 1 && selection[0].cls === 'pool';
const oneSubject = (selection: Selection): boolean => selection.length === 1 && selection[0].cls === 'subject';
const stateOf = (selection: Selection, store: StoreView): AuthState | undefined =>
  selection.length === 1 ? authState(store, selection[0].connectionId) : undefined;
const where = (a: AuthState): string => (a.isPool ? `pool '${a.name}'` : `server '${a.name}'`);

export const JOIN_DOMAIN_COMMAND: Command = {
  id: 'users.joinDomain',
  label: 'Join Domain…',
  dialog: 'users.joinDomain',
  methods: ['pool.enable_external_auth'],
  canExecute: (selection, store) => onePool(selection) && stateOf(selection, store)?.kind === 'none',
  disabledReason: (selection, store) => {
    const a = stateOf(selection, store);
    if (!onePool(selection) || !a) return 'Select one pool or server';
    return a.kind === 'mixed' ? `Some servers of ${where(a)} are in a domain and some are not: leave the domain first` : `${where(a)} already belongs to domain '${a.domain}'`;
  },
  async execute() { return []; },
};

export const LEAVE_DOMAIN_COMMAND: Command = {
  id: 'users.leaveDomain',
  label: 'Leave Domain…',
  dialog: 'users.leaveDomain',
  methods: ['pool.disable_external_auth'],
  canExecute: (selection, store) => onePool(selection) && (stateOf(selection, store)?.kind ?? 'none') !== 'none',
  disabledReason: (selection, store) => {
    const a = stateOf(selection, store);
    return !onePool(selection) || !a ? 'Select one pool or server' : `${where(a)} does not belong to a domain`;
  },
  async execute() { return []; },
};

export const ADD_SUBJECTS_COMMAND: Command = {
  id: 'users.add',
  label: 'Add…',
  dialog: 'users.add',
  methods: ['auth.get_subject_identifier', 'subject.create'],
  canExecute: (selection, store) => onePool(selection) && stateOf(selection, store)?.kind === 'ad',
  disabledReason: (selection, store) => {
    const a = stateOf(selection, store);
    return !onePool(selection) || !a ? 'Select one pool or server' : `Join ${where(a)} to a domain first: users and groups come from Active Directory`;
  },
  async execute() { return []; },
};

function subjectReason(selection: Selection, store: StoreView): string {
  if (!oneSubject(selection)) return 'Select one user or group';
  return record(store, selection[0].connectionId, 'subject', selection[0].ref) ? 'Not available' : 'The user or group is no longer on the server';
}
const subjectExists = (selection: Selection, store: StoreView): boolean =>
  oneSubject(selection) && record(store, selection[0].connectionId, 'subject', selection[0].ref) !== undefined;

export const REMOVE_SUBJECT_COMMAND: Command = {
  id: 'users.remove',
  label: 'Remove…',
  dialog: 'users.remove',
  multiDialog: 'users.removeMany',
  methods: ['subject.destroy'],
  canExecute: subjectExists,
  disabledReason: subjectReason,
  async execute() { return []; },
};

export const CHANGE_ROLE_COMMAND: Command = {
  id: 'users.changeRole',
  label: 'Change Role…',
  dialog: 'users.changeRole',
  multiDialog: 'users.changeRoleMany',
  methods: ['subject.add_to_roles', 'subject.remove_from_roles'],
  canExecute: subjectExists,
  disabledReason: subjectReason,
  async execute() { return []; },
};

export const LOGOUT_SUBJECT_COMMAND: Command = {
  id: 'users.logout',
  label: 'Logout User',
  dialog: 'users.logout',
  multiDialog: 'users.logoutMany',
  methods: ['session.logout_subject_identifier'],
  canExecute: subjectExists,
  disabledReason: subjectReason,
  async execute() { return []; },
};

export const POOL_USER_COMMANDS = [JOIN_DOMAIN_COMMAND, LEAVE_DOMAIN_COMMAND] as const;
export const SUBJECT_COMMANDS = [ADD_SUBJECTS_COMMAND, REMOVE_SUBJECT_COMMAND, CHANGE_ROLE_COMMAND, LOGOUT_SUBJECT_COMMAND] as const;
