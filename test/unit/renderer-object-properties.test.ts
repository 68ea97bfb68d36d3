// Host, pool, SR and network Properties: the pages per class, the form and its difference (only what
// changed), the checks in words, the commands per class, Alt+Enter picking the selected kind's, and the
// menus they sit in.
import { describe, expect, it } from 'vitest';
import { changesOf, defaultSrCandidates, formOf, formProblems, pagesOf } from '../../renderer/src/features/object-properties/model';
import {
  HOST_PROPERTIES_COMMAND, NETWORK_PROPERTIES_COMMAND, POOL_PROPERTIES_COMMAND, SR_PROPERTIES_COMMAND,
} from '../../renderer/src/features/object-properties/command';
import { VM_PROPERTIES_COMMAND } from '../../renderer/src/features/vm-properties/command';
import { shortcutCommandFor, shortcutCommands } from '../../renderer/src/app/shortcuts';
import { CONTRIBUTIONS, contextMenuGroups } from '../../renderer/src/app/menu-model';
import { commandState } from '../../renderer/src/framework/availability';
import type { ConnectionInfo } from '../../shared/ipc/contract';

type Rec = Record<string, unknown>;

describe('the pages and the form', () => {
  it('shows General and Custom Fields for each, then the class\'s own pages', () => {
    expect(pagesOf('sr')).toEqual(['general', 'custom', 'alerts']);
    expect(pagesOf('pool')).toEqual(['general', 'custom', 'email', 'storage']);
    expect(pagesOf('network')).toEqual(['general', 'custom', 'networkSettings']);
    expect(pagesOf('host')).toEqual(['general', 'custom', 'alerts', 'logging', 'multipathing']);
  });

  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    const sr: Rec = { name_label: 'Local', name_description: '', tags: ['a'], other_config: { 'XenCenter.CustomFields.Owner': 'ops' } };
    const f = formOf(sr);
    expect(changesOf('sr', f, f)).toEqual({});
    expect(changesOf('sr', f, { ...f, name: ' Fast ', folder: 'st/', tags: ['b'], customFields: { Owner: '' } })).toEqual({
      name: 'Fast', folder: '/st', tagsAdd: ['b'], tagsRemove: ['a'], customFields: { Owner: '' },
    });
  });

  it('the class settings', () => {
    const net = formOf({ name_label: 'n', MTU: 1500, other_config: {} });
    expect(net.automatic).toBe(true);
    expect(changesOf('network', net, { ...net, mtu: '9000', automatic: false })).toEqual({ mtu: 9000, automatic: false });
    const host = formOf({ name_label: 'h', logging: { syslog_destination: 'old' }, other_config: { multipathing: 'false' } });
    expect(host).toMatchObject({ remoteLog: true, syslogServer: 'old', multipathing: false });
    expect(changesOf('host', host, { ...host, remoteLog: false })).toEqual({ syslogDestination: '' });
    expect(changesOf('host', host, { ...host, syslogServer: ' new ', multipathing: true })).toEqual({ syslogDestination: 'new', multipathing: true });
    const pool = formOf({ name_label: 'p', default_SR: 'OpaqueRef:a' });
    expect(changesOf('pool', pool, { ...pool, defaultSR: 'OpaqueRef:b' })).toEqual({ defaultSR: 'OpaqueRef:b' });
    // What belongs to another class is never sent.
    expect(changesOf('sr', net, { ...net, mtu: '9000' })).toEqual({});
  });

  it('says what is wrong, on which page', () => {
    const net = formOf({ name_label: 'n', MTU: 1500 });
    expect(formProblems('network', { ...net, mtu: '20' })).toEqual([{ page: 'networkSettings', field: 'mtu', message: 'The MTU must be a whole number from 68 to 9216.' }]);
    expect(formProblems('network', { ...net, mtu: '1500.5' })[0].field).toBe('mtu');
    expect(formProblems('sr', { ...net, name: ' ' })[0]).toMatchObject({ page: 'general', field: 'name' });
    expect(formProblems('host', { ...net, remoteLog: true, syslogServer: '' })[0].page).toBe('logging');
    expect(formProblems('sr', { ...net, mtu: 'x' })).toEqual([]);
  });

  it('offers no ISO library or removable device as the default SR', () => {
    const srs = new Map<string, Rec>([['OpaqueRef:i', { name_label: 'ISOs', content_type: 'iso' }], ['OpaqueRef:u', { name_label: 'DVD', type: 'udev' }], ['OpaqueRef:s', { name_label: 'NFS' }]]);
    expect(defaultSrCandidates(srs)).toEqual([{ ref: 'OpaqueRef:s', name: 'NFS' }]);
  });
});

describe('the commands', () => {
  const conn: ConnectionInfo = { id: 'c', url: 'https://10.0.0.1', hostname: '10.0.0.1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
  const objects = new Map<string, Map<string, Rec>>([
    ['vm', new Map([['OpaqueRef:v', { name_label: 'web' }]])],
    ['host', new Map([['OpaqueRef:h', { name_label: 'h1' }]])],
    ['pool', new Map([['OpaqueRef:p', { name_label: 'p' }]])],
    ['sr', new Map([['OpaqueRef:s', { name_label: 's' }]])],
    ['network', new Map([['OpaqueRef:n', { name_label: 'n' }]])],
  ]);
  const store = { connections: new Map([['c', conn]]), objects: new Map([['c', objects]]) };
  const one = (cls: string, ref: string) => [{ connectionId: 'c', cls, ref }];

  it('each runs on one object of its class, opening the dialog', () => {
    expect(commandState(SR_PROPERTIES_COMMAND, one('sr', 'OpaqueRef:s'), store)).toEqual({ enabled: true });
    expect(commandState(SR_PROPERTIES_COMMAND, one('network', 'OpaqueRef:n'), store)).toEqual({ enabled: false, reason: 'Select a storage repository' });
    expect(commandState(HOST_PROPERTIES_COMMAND, one('host', 'OpaqueRef:gone'), store).reason).toBe('The server is no longer on the server');
    expect(commandState(POOL_PROPERTIES_COMMAND, [...one('pool', 'OpaqueRef:p'), ...one('pool', 'OpaqueRef:p')], store).reason).toBe('Select one pool to see its properties');
    for (const c of [HOST_PROPERTIES_COMMAND, POOL_PROPERTIES_COMMAND, SR_PROPERTIES_COMMAND, NETWORK_PROPERTIES_COMMAND]) expect(c.dialog).toBe('objectProperties');
  });

  it('Alt+Enter runs the Properties of the selected kind', () => {
    const cmds = shortcutCommands(CONTRIBUTIONS).get('Alt+Enter')!;
    const pick = (cls: string, ref: string) => shortcutCommandFor(cmds, one(cls, ref), store);
    expect(pick('vm', 'OpaqueRef:v')).toBe(VM_PROPERTIES_COMMAND);
    expect(pick('host', 'OpaqueRef:h')).toBe(HOST_PROPERTIES_COMMAND);
    expect(pick('pool', 'OpaqueRef:p')).toBe(POOL_PROPERTIES_COMMAND);
    expect(pick('sr', 'OpaqueRef:s')).toBe(SR_PROPERTIES_COMMAND);
    expect(pick('network', 'OpaqueRef:n')).toBe(NETWORK_PROPERTIES_COMMAND);
  });

  it('sits in the context menus of its class', () => {
    const has = (cls: string, ref: string) => contextMenuGroups(one(cls, ref), store).flat();
    expect(has('sr', 'OpaqueRef:s')).toContain(SR_PROPERTIES_COMMAND);
    expect(has('network', 'OpaqueRef:n')).toContain(NETWORK_PROPERTIES_COMMAND);
    expect(has('host', 'OpaqueRef:h')).toContain(HOST_PROPERTIES_COMMAND);
    expect(has('pool', 'OpaqueRef:p')).toContain(POOL_PROPERTIES_COMMAND);
  });
});
