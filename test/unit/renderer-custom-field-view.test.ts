// Objects by Custom Field (XenCenter's OrganizationViewFields): the definitions read from the pool's
// gui_config, the values from each object's other_config, and the tree Custom Fields → field → value →
// objects, on hand-made pools and on the real database dumps (which define no field: one is added).
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { buildInfrastructureTree, type ConnectionObjects, type TreeNode, type TreeOptions } from '../../renderer/src/tree/build-tree';
import { buildCustomFieldsView, customFieldValue, formatCustomFieldDate, parseCustomFieldDate } from '../../renderer/src/tree/custom-field-view';
import { memberRows } from '../../renderer/src/tree/group-members';
import { filterTree } from '../../renderer/src/tree/filter-tree';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';
import { loadDumpObjects } from '../support/dump-objects';
import { ObjectsFixture } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';
const KEY = 'XenCenter.CustomFields';

// What XenCenter writes (CustomFieldsManager.GetCustomFieldDefinitionXML).
const defsXml = (...defs: Array<[string, string]>) =>
  `<CustomFieldDefinitions>${defs.map(([n, t]) => `<CustomFieldDefinition name="${n}" type="${t}" defaultValue="" />`).join('')}</CustomFieldDefinitions>`;

function conn(id: string): ConnectionInfo {
  return { id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] };
}

class Pool extends ObjectsFixture {
  constructor(name: string, guiConfig: Rec, other: Rec = {}) {
    super();
    this.add('host_metrics', 'h1-m', { live: true });
    this.add('host', 'h1', { name_label: `${name} host`, metrics: 'h1-m', enabled: true, other_config: {}, PBDs: [] });
    this.add('pool', 'p1', { name_label: name, master: 'h1', other_config: other, gui_config: guiConfig });
  }
  vm(ref: string, name: string, fields: Rec = {}, rec: Rec = {}): this {
    const oc = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${KEY}.${k}`, v]));
    return this.add('vm', ref, {
      name_label: name, power_state: 'Halted', resident_on: NULL, affinity: NULL, VBDs: [], is_a_template: false,
      is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: oc, ...rec,
    });
  }
}

function view(pools: Array<[string, Pool]>, opts: TreeOptions = {}): TreeNode[] {
  const objects = new Map(pools.map(([id, p]) => [id, p.objects]));
  const all = buildInfrastructureTree({ connections: pools.map(([id]) => conn(id)), objects, ...opts, showNetworks: true });
  return buildCustomFieldsView(all, objects);
}
/** The tree as nested [name, children] lists, objects as their names. */
type Shape = string | [string, Shape[]];
const shape = (n: TreeNode): Shape => (n.kind === 'group' ? [n.name, n.children.map(shape)] : n.name);

describe('custom field values', () => {
  it('a date is read from the "u" form XenCenter writes, and ISO 8601; anything else is no value', () => {
    expect(parseCustomFieldDate('2026-12-07 20:44:50Z')?.getTime()).toBe(Date.UTC(2026, 11, 7, 20, 44, 50));
    expect(parseCustomFieldDate('2026-12-07T20:44:50Z')?.getTime()).toBe(Date.UTC(2026, 11, 7, 20, 44, 50));
    expect(parseCustomFieldDate('2026-12-07T00:00:00Z')?.getTime()).toBe(Date.UTC(2026, 11, 7));
    expect(parseCustomFieldDate('2026-12-07T20:44:50+01:00')?.getTime()).toBe(Date.UTC(2026, 11, 7, 19, 44, 50));
    expect(parseCustomFieldDate('2026-12-07')?.getTime()).toBe(new Date(2026, 11, 7).getTime());
    expect(parseCustomFieldDate('soon')).toBeUndefined();
    const date = { name: 'd', type: 'Date' } as const;
    expect(customFieldValue({ other_config: { [`${KEY}.d`]: 'soon' } }, date)).toBeUndefined();
    expect(customFieldValue({ other_config: { [`${KEY}.s`]: '' } }, { name: 's', type: 'String' })).toBeUndefined();
    expect(customFieldValue({ other_config: { [`${KEY}.s`]: ' x ' } }, { name: 's', type: 'String' })).toBe(' x ');
  });
  it('a date shows as XenCenter\'s DATEFORMAT_DMY_HMS in local time', () => {
    expect(formatCustomFieldDate(new Date(2026, 11, 7, 20, 44, 5))).toBe('Dec 7, 2026 8:44:05 PM');
    expect(formatCustomFieldDate(new Date(2026, 0, 31, 0, 0, 0))).toBe('Jan 31, 2026 12:00:00 AM');
    expect(formatCustomFieldDate(new Date(2026, 5, 1, 12, 30, 0))).toBe('Jun 1, 2026 12:30:00 PM');
  });
});

describe('Objects by Custom Field', () => {
  const lab = () => new Pool('Lab', { [KEY]: defsXml(['Owner', 'String'], ['Expires', 'Date'], ['Unused', 'String']) }, { [`${KEY}.Owner`]: 'ops' })
    .vm('v1', 'web 10', { Owner: 'alice', Expires: '2027-01-02 03:04:05Z' })
    .vm('v2', 'web 2', { Owner: 'bob', Expires: '2026-06-01 00:00:00Z' })
    .vm('v3', 'db', { Owner: 'alice' })
    .vm('v4', 'no fields')
    .vm('v5', 'empty owner', { Owner: '', Expires: 'never' })
    .vm('v6', 'undefined field', { Colour: 'red' });

  it('groups Custom Fields → field → value → objects; objects without a value are not listed', () => {
    const tree = view([['c1', lab()]]);
    const d1 = formatCustomFieldDate(new Date(Date.UTC(2026, 5, 1)));
    const d2 = formatCustomFieldDate(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)));
    // Names and text values in string order, dates by time; a field nobody set is not shown.
    expect(tree.map(shape)).toEqual([['Custom Fields', [
      ['Expires', [[d1, ['web 2']], [d2, ['web 10']]]],
      ['Owner', [['alice', ['db', 'web 10']], ['bob', ['web 2']], ['ops', ['Lab']]]],
    ]]]);
    const owner = tree[0].children[1];
    expect(owner.id).toBe('group|customfield|Owner');
    // One object under two fields: its rows have ids of their own, and stand for the object.
    const rows = tree[0].children.flatMap((f) => f.children.flatMap((v) => v.children));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.filter((r) => r.ref === 'v1').map((r) => [r.cls, r.connectionId, r.kind])).toEqual([['vm', 'c1', 'vm'], ['vm', 'c1', 'vm']]);
    // The group rows' lists.
    expect(memberRows(owner).map((r) => [r.name, r.state])).toEqual([['alice', '2 objects'], ['bob', '1 object'], ['ops', '1 object']]);
    expect(memberRows(owner.children[0]).map((r) => r.name)).toEqual(['db', 'web 10']);
  });

  it('an object in a pool that does not define the field is not listed; one name in two pools is one field', () => {
    const other = new Pool('Other', { [KEY]: defsXml(['Owner', 'String']) }).vm('w1', 'mail', { Owner: 'alice', Expires: '2027-01-02 03:04:05Z' });
    const none = new Pool('Bare', {}).vm('x1', 'stray', { Owner: 'alice' });
    const tree = view([['c1', lab()], ['c2', other], ['c3', none]]);
    const owner = tree[0].children.find((f) => f.name === 'Owner')!;
    expect(owner.children[0].children.map((n) => `${n.connectionId} ${n.name}`)).toEqual(['c1 db', 'c2 mail', 'c1 web 10']);
    expect(tree[0].children.find((f) => f.name === 'Expires')!.children.flatMap((v) => v.children.map((n) => n.name))).toEqual(['web 2', 'web 10']);
  });

  it('lists each kind of object, pools and servers first, and follows the View options', () => {
    const p = lab();
    p.add('host', 'h1', { ...p.objects.get('host')!.get('h1'), other_config: { [`${KEY}.Owner`]: 'alice' } });
    p.vm('t1', 'base template', { Owner: 'alice' }, { is_a_template: true });
    p.add('network', 'n1', { name_label: 'LAN', other_config: { [`${KEY}.Owner`]: 'alice' }, PIFs: [] });
    const alice = (opts: TreeOptions) => view([['c1', p]], opts)[0].children.find((f) => f.name === 'Owner')!.children[0].children.map((n) => `${n.kind} ${n.name}`);
    expect(alice({ showCustomTemplates: true })).toEqual(['host Lab host', 'vm db', 'vm web 10', 'template base template', 'network LAN']);
    expect(alice({ showCustomTemplates: false })).toEqual(['host Lab host', 'vm db', 'vm web 10', 'network LAN']);
    // A hidden VM is left out unless Show Hidden Objects is on.
    p.vm('v1', 'web 10', { Owner: 'alice', Expires: '2027-01-02 03:04:05Z' }, { other_config: { HideFromXenCenter: 'true', [`${KEY}.Owner`]: 'alice' } });
    expect(alice({ showCustomTemplates: false })).toEqual(['host Lab host', 'vm db', 'network LAN']);
    expect(alice({ showCustomTemplates: false, showHidden: true })).toContain('vm web 10');
  });

  it('with no field set, the root alone says so; the search keeps the path to a match', () => {
    const tree = view([['c1', new Pool('Lab', {}).vm('v1', 'a')]]);
    expect(tree.map(shape)).toEqual([['Custom Fields', []]]);
    expect(tree[0].description).toBe('No object has a custom field');
    // Definitions that are not XenCenter's (shared/object-properties/custom-fields.ts reads them): no field.
    for (const xml of ['not xml', defsXml(['Owner', 'string']), '<CustomFieldDefinitions/>']) {
      expect(view([['c1', new Pool('Lab', { [KEY]: xml }).vm('v1', 'a', { Owner: 'x' })]]).map(shape)).toEqual([['Custom Fields', []]]);
    }
    const found = filterTree(view([['c1', lab()]]), 'web 2');
    expect(found.nodes.map(shape)).toEqual([['Custom Fields', [
      ['Expires', [[formatCustomFieldDate(new Date(Date.UTC(2026, 5, 1))), ['web 2']]]], ['Owner', [['bob', ['web 2']]]],
    ]]]);
  });
});

describe.skipIf(!hasSharedDir)('Objects by Custom Field: real database dumps', async () => {
  if (!hasSharedDir) console.log(sharedSkipReason);

  const build = (objects: ConnectionObjects) => {
    const all = new Map([['c1', objects]]);
    return buildCustomFieldsView(buildInfrastructureTree({ connections: [conn('c1')], objects: all, showNetworks: true, showCustomTemplates: true }), all);
  };

  for (const file of dbDumps) {
    it(basename(file), async () => {
      const objects = await loadDumpObjects(file);
      // No dump defines a custom field: the view is its root alone.
      for (const p of objects.get('pool')!.values()) expect(Object.keys((p.gui_config ?? {}) as Rec).filter((k) => k.startsWith(KEY))).toEqual([]);
      expect(build(objects).map(shape)).toEqual([['Custom Fields', []]]);

      // Define a field and give every shown guest VM a value by the parity of its position in natural order,
      // as XenCenter would write them: the view lists exactly those VMs, under their value.
      const pool = [...objects.get('pool')!.values()][0];
      pool.gui_config = { ...(pool.gui_config as Rec), [KEY]: defsXml(['Parity', 'String']) };
      const guests = [...objects.get('vm')!.entries()].filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain
        && !('HideFromXenCenter' in (v.other_config as Rec)) && !('xensource_internal' in (v.other_config as Rec)) && !String(v.name_label).startsWith('__gui__'));
      const expected: Record<string, string[]> = { even: [], odd: [] };
      guests.forEach(([ref, v], i) => {
        const value = i % 2 ? 'odd' : 'even';
        objects.get('vm')!.set(ref, { ...v, other_config: { ...(v.other_config as Rec), [`${KEY}.Parity`]: value } });
        expected[value].push(String(v.name_label));
      });
      const tree = build(objects);
      const parity = tree[0].children;
      expect(parity.map((f) => f.name)).toEqual(guests.length ? ['Parity'] : []);
      const got = Object.fromEntries(parity[0]?.children.map((v) => [v.name, v.children.map((n) => n.name).sort()]) ?? []);
      expect(got).toEqual(Object.fromEntries(Object.entries(expected).filter(([, l]) => l.length).map(([k, l]) => [k, l.sort()])));
      console.log(`${basename(file)}: ${guests.length} VMs given a custom field`);
    });
  }
});
