// The one menu model (renderer/src/app/menu-model.ts over framework/menu-model.ts): the menu bar, the
// toolbar and the tree's context menu read from the features' registered places. The menu bar is the same
// as it was when MenuBar.tsx listed it by hand, and every contribution is well formed.
import { describe, expect, it } from 'vitest';
import { CONTRIBUTIONS, MENUS, contextMenuGroups, menuGroups, toolbarGroups } from '../../renderer/src/app/menu-model';
import { isAction, type Command } from '../../renderer/src/framework/command';
import { tabsFor } from '../../renderer/src/framework/tabs';
import { EDIT_TAGS_COMMAND } from '../../renderer/src/features/tags/command';
import { commandState } from '../../renderer/src/framework/availability';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';

/** A menu as labels, with '—' where a separator falls. */
const layout = (groups: ReturnType<typeof menuGroups>) => groups.flatMap((g, i) => [...(i ? ['—'] : []), ...g.map((p) => p.entry.label)]);

describe('the menu bar', () => {
  it('has XenCenter\'s menus in order, each laid out as before', () => {
    expect(MENUS.map((m) => m.label)).toEqual(['&File', '&View', '&Server', '&Pool', 'V&M', 'St&orage', '&Tools', '&Help']);
    const menus = Object.fromEntries(MENUS.map((m) => [m.id, layout(menuGroups(m.id))]));
    expect(menus.file).toEqual(['Add Server', 'Open Demo Pool', '—', 'Import…', '—', 'Export Server List…', 'Import Server List…', '—', 'Password Storage…']);
    expect(menus.view).toEqual([
      'Show Custom Templates', 'Show Default Templates', 'Show Local Storage', 'Show Snapshots', 'Show Networks', 'Show Hidden Objects',
      '—', 'Objects by Type', 'Objects by Tag', 'Objects by Folder', 'Objects by Custom Field', 'Objects by vApp', 'Saved Searches', '—', 'Events Panel', '—', 'Command Palette…',
    ]);
    expect(menus.server).toEqual([
      'Add Server', '—', 'Reconnect', 'Disconnect', 'Reconnect As…', 'Forget', '—', 'Add Server to Pool…', 'Remove Server from Pool',
      '—', 'Enter Maintenance Mode…', 'Exit Maintenance Mode', 'Reboot…', 'Shut Down…', 'Power On', 'Restart Toolstack…', '—', 'Connect All', 'Disconnect All',
      '—', 'Properties',
    ]);
    expect(menus.pool).toEqual(['Add Server to Pool…', 'Remove Server from Pool', '—', 'Configure HA…', 'Disable HA', 'VM Snapshot Schedules…', 'Manage vApps…', '—', 'Properties']);
    expect(menus.vm).toEqual([
      'New VM…', '—', 'Start', 'Shut Down', 'Force Shut Down', 'Reboot', 'Force Reboot', 'Suspend', 'Resume', 'Pause', 'Unpause',
      '—', 'Migrate to Server…', '—', 'Take Snapshot…', 'Copy VM…', '—', 'New VM from Snapshot…', 'Revert To…', 'Delete Snapshot…',
      '—', 'Convert to Template…', 'Export…', 'Assign to Snapshot Schedu&le', 'Assign to vA&pp', '—', 'Delete VM…', '—', 'Properties',
    ]);
    expect(menus.storage).toEqual([
      'New SR…', '—', 'Repair…', 'Set as Default', '—', 'Reclaim freed space…', 'Rescan', '—', 'Detach…', 'Reattach…', 'Forget…', 'Destroy…', '—', 'Properties',
    ]);
    expect(menus.tools).toEqual(['XAPI Operations…', '—', 'Server Status Report…', '—', 'Edit Tags…', 'Untag', 'Rename Tag…', 'Delete Tag', '—', 'Move to Folder…', 'New Folder…', 'Rename Folder…', 'Delete Folder']);
    expect(menus.help).toEqual(['Check for Updates…', '—', 'Keyboard Shortcuts', 'About PoolDesk']);
  });

  it('the toolbar: Add Server, New VM and New Storage, then the VM power commands, each with an icon', () => {
    const groups = toolbarGroups();
    expect(layout(groups)).toEqual(['Add Server', 'New VM…', 'New SR…', '—', 'Start', 'Shut Down', 'Force Shut Down', 'Reboot', 'Force Reboot', 'Suspend', 'Resume', 'Pause', 'Unpause']);
    expect(groups.flat().map((p) => p.place.label ?? p.entry.label).slice(1, 3)).toEqual(['New VM', 'New Storage']);
    expect(groups.flat().every((p) => !!p.place.icon)).toBe(true);
  });
});

describe('the contributions', () => {
  const entries = CONTRIBUTIONS.flatMap((f) => (f.commands ?? []).map((p) => p.entry));
  const dialogs = CONTRIBUTIONS.flatMap((f) => f.dialogs ?? []);

  it('every entry has a unique id; every place is in a known slot', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const slots = new Set([...MENUS.map((m) => `menu:${m.id}`), 'toolbar', ...['vm', 'snapshot', 'template', 'server', 'pool', 'host', 'sr', 'any', 'organize', 'tagged', 'tag', 'folder', 'folders', 'vapp'].map((c) => `context:${c}`)]);
    for (const f of CONTRIBUTIONS) for (const p of f.commands ?? []) for (const place of p.places) expect(slots, p.entry.id).toContain(place.slot);
    // Commands only their own tab runs (XenCenter keeps them there): every other entry shows in a menu.
    const placeless = CONTRIBUTIONS.flatMap((f) => (f.commands ?? []).filter((p) => p.places.length === 0).map((p) => p.entry.id));
    expect(placeless.sort()).toEqual(['networking.addNetwork', 'networking.addVif', 'networking.removeNetwork', 'networking.removeVif', 'networking.vifProperties', 'vm.memory'].sort());
  });

  it('every dialog a command opens is registered, once', () => {
    const kinds = dialogs.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const c of entries.filter((e): e is Command => !isAction(e))) if (c.dialog) expect(kinds, c.id).toContain(c.dialog);
  });

  it('tabs per kind, in XenCenter\'s order', () => {
    const ids = (kind: string) => tabsFor(kind, CONTRIBUTIONS).map((t) => t.id);
    expect(ids('vm')).toEqual(['general', 'memory', 'storage', 'networking', 'console', 'performance', 'snapshots', 'search', 'history']);
    expect(ids('host')).toEqual(['general', 'memory', 'storage', 'networking', 'nics', 'console', 'performance', 'users', 'search', 'history']);
    expect(ids('pool')).toEqual(['general', 'memory', 'storage', 'networking', 'ha', 'users', 'search', 'history']);
    expect(ids('template')).toEqual(['general', 'storage', 'search', 'history']);
    expect(ids('snapshot')).toEqual(['general', 'storage', 'search', 'history']);
    expect(ids('sr')).toEqual(['general', 'storage', 'search', 'history']);
    expect(ids('network')).toEqual(['general', 'search', 'history']);
    expect(ids('connection')).toEqual(['general', 'search']);
    // Rows that are not one object: what they hold, and the Search tab (XenCenter keeps Search for a mixed selection).
    for (const k of ['group', 'tag', 'folder']) expect(ids(k)).toEqual(['members', 'search']);
    expect(ids('selection')).toEqual(['selection', 'search']);
    expect(ids('search')).toEqual(['search']);
    expect(ids('vdi')).toEqual([]);
  });
});

describe('Edit Tags…, a command like the others', () => {
  const conn = (extra: Partial<ConnectionInfo> = {}): ConnectionInfo =>
    ({ id: 'c', url: 'https://10.0.0.1', hostname: '10.0.0.1', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [], ...extra });
  const objects: ConnObjects = new Map([
    ['vm', new Map([['OpaqueRef:v', { name_label: 'web', tags: ['prod'] }]])],
    ['vdi', new Map([['OpaqueRef:d', { name_label: 'disk' }]])],
  ]);
  const store = (extra: Partial<ConnectionInfo> = {}) => ({ connections: new Map([['c', conn(extra)]]), objects: new Map([['c', objects]]) });
  const one = (cls: string, ref: string) => [{ connectionId: 'c', cls, ref }];

  it('runs on one object of a class with tags, opening its dialog', () => {
    expect(commandState(EDIT_TAGS_COMMAND, one('vm', 'OpaqueRef:v'), store())).toEqual({ enabled: true });
    expect(EDIT_TAGS_COMMAND.dialog).toBe('editTags');
    expect(contextMenuGroups(one('vm', 'OpaqueRef:v')).flat()).toContain(EDIT_TAGS_COMMAND);
  });

  it('says why not otherwise', () => {
    expect(commandState(EDIT_TAGS_COMMAND, one('vdi', 'OpaqueRef:d'), store())).toEqual({ enabled: false, reason: 'This kind of object has no tags' });
    expect(commandState(EDIT_TAGS_COMMAND, one('vm', 'OpaqueRef:gone'), store()).reason).toBe('The object is gone');
    // Several objects: the multi-object dialog, unless none of them has tags.
    expect(commandState(EDIT_TAGS_COMMAND, [...one('vdi', 'OpaqueRef:d'), ...one('vdi', 'OpaqueRef:d')], store()).reason)
      .toBe('None of the selected objects has tags: only VMs, servers, pools, storage and networks do');
    expect(commandState(EDIT_TAGS_COMMAND, one('vm', 'OpaqueRef:v'), store({ status: 'reconnecting' })).enabled).toBe(false);
    // add_tags needs VM Operator.
    expect(commandState(EDIT_TAGS_COMMAND, one('vm', 'OpaqueRef:v'), store({ role: 'read-only' })).reason).toMatch(/needs the VM Operator role or higher/);
  });
});
