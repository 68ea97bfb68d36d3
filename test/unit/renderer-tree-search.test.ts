// The tree's search filter, the Objects by Tag / Objects by Folder views, and the tag editor's diff.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { buildInfrastructureTree, flattenTree, type ConnectionObjects, type TreeNode } from '../../renderer/src/tree/build-tree';
import { filterTree, matchCountText } from '../../renderer/src/tree/filter-tree';
import { buildFoldersView, buildTagsView, folderSegments } from '../../renderer/src/tree/org-views';
import { countText, findNode, groupTitle, memberRows } from '../../renderer/src/tree/group-members';
import { cleanTag, knownTags, tagChanges } from '../../renderer/src/features/tags/tag-edit';
import { cpuMs } from '../support/cpu-time';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';
const conn = (id = 'c1'): ConnectionInfo => ({ id, url: `https://${id}`, hostname: id, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] });

function pool(hosts: number, vmsPerHost: number, vmExtra: (i: number) => Rec = () => ({})): ConnectionObjects {
  const o: ConnectionObjects = new Map();
  const add = (cls: string, ref: string, rec: Rec) => { if (!o.has(cls)) o.set(cls, new Map()); o.get(cls)!.set(ref, rec); };
  add('pool', 'p1', { name_label: 'Lab', master: 'h0', other_config: {}, tags: ['site-a'] });
  for (let h = 0; h < hosts; h++) {
    add('host_metrics', `m${h}`, { live: true });
    add('host', `h${h}`, { name_label: `host-${String(h).padStart(2, '0')}`, metrics: `m${h}`, enabled: true, other_config: {}, tags: [] });
    for (let v = 0; v < vmsPerHost; v++) {
      const i = h * vmsPerHost + v;
      add('vm', `v${i}`, {
        name_label: `vm-${i}`, power_state: 'Running', resident_on: `h${h}`, affinity: NULL, VBDs: [], is_a_template: false,
        is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: {}, tags: [], ...vmExtra(i),
      });
    }
  }
  add('sr', 's1', { name_label: 'NFS', shared: true, PBDs: [], other_config: { folder: '/Storage' }, tags: ['critical'] });
  add('network', 'n1', { name_label: 'Pool-wide network', other_config: {}, tags: ['critical'] });
  return o;
}
const build = (o: ConnectionObjects, showNetworks = false) => buildInfrastructureTree({ connections: [conn()], objects: new Map([['c1', o]]), showNetworks });
const names = (nodes: TreeNode[]) => nodes.map((n) => n.name);

describe('filterTree', () => {
  const tree = build(pool(2, 3, (i) => (i === 4 ? { name_label: 'Database Primary', tags: ['prod'] } : {})));

  it('keeps matches and their ancestors only, expands the path, counts the matches', () => {
    const r = filterTree(tree, 'datab');
    expect(r.matches).toBe(1);
    expect(names(r.nodes)).toEqual(['Lab']);
    expect(names(r.nodes[0].children)).toEqual(['host-01']);
    expect(names(r.nodes[0].children[0].children)).toEqual(['Database Primary']);
    expect([...r.expand].sort()).toEqual(['c1|host|h1', 'c1|pool|p1']);
    const rows = flattenTree(r.nodes, (n) => r.expand.has(n.id));
    expect(rows.map((x) => x.node.name)).toEqual(['Lab', 'host-01', 'Database Primary']);
  });

  it('matches case-insensitively by tag, trims the text, and leaves the built tree untouched', () => {
    const before = JSON.stringify(tree);
    const r = filterTree(tree, '  PROD ');
    expect(r.matches).toBe(1);
    expect(r.nodes[0].children[0].children.map((n) => n.ref)).toEqual(['v4']);
    expect(JSON.stringify(tree)).toBe(before);
  });

  it('a matching ancestor counts too; no match gives an empty tree; empty text gives the tree itself', () => {
    expect(filterTree(tree, 'host-0').matches).toBe(2);
    expect(filterTree(tree, 'nothing-like-this')).toMatchObject({ nodes: [], matches: 0 });
    expect(filterTree(tree, '  ').nodes).toBe(tree);
  });

  it('group rows of the organisation views never match by themselves', () => {
    const r = filterTree(buildTagsView(build(pool(1, 1), true)), 'critical');
    // The tag row "critical" is a path, the two tagged objects are the matches.
    expect(r.matches).toBe(2);
    expect(names(r.nodes[0].children)).toEqual(['critical']);
  });

  it('says how many objects were found', () => {
    expect(matchCountText('', 3)).toBe('');
    expect(matchCountText('x', 0)).toBe('No objects found');
    expect(matchCountText('x', 1)).toBe('1 object found');
    expect(matchCountText('x', 12)).toBe('12 objects found');
  });

  it('stays fast on a 16-host, 2000-VM pool', () => {
    const big = build(pool(16, 125, (i) => ({ tags: i % 3 === 0 ? ['production'] : [] })));
    filterTree(big, 'vm-1'); // warm up
    const { result: r, ms } = cpuMs(() => filterTree(big, 'vm-19'));
    expect(r.matches).toBe(111); // vm-19, vm-190…vm-199, vm-1900…vm-1999
    expect(filterTree(big, 'production').matches).toBe(667);
    expect(ms).toBeLessThan(200);
  });
});

describe('Objects by Tag', () => {
  it('Tags → tag → objects, an object under each of its tags, ids unique, kinds ordered', () => {
    const tree = build(pool(1, 3, (i) => ({ tags: i === 0 ? ['critical', 'web'] : i === 1 ? ['web'] : [] })), true);
    const [root] = buildTagsView(tree);
    expect(root.name).toBe('Tags');
    expect(names(root.children)).toEqual(['critical', 'site-a', 'web']);
    expect(names(root.children[0].children)).toEqual(['vm-0', 'NFS', 'Pool-wide network']);
    expect(names(root.children[1].children)).toEqual(['Lab']);
    expect(names(root.children[2].children)).toEqual(['vm-0', 'vm-1']);
    const ids = flattenTree([root], () => true).map((r) => r.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(root.children[2].children[0]).toMatchObject({ kind: 'vm', cls: 'vm', ref: 'v0', connectionId: 'c1', state: 'Running', children: [] });
  });

  it('an empty Tags root when nothing is tagged', () => {
    const o = pool(1, 1);
    o.get('pool')!.get('p1')!.tags = [];
    o.get('sr')!.get('s1')!.tags = [];
    o.get('network')!.get('n1')!.tags = [];
    expect(buildTagsView(build(o, true))).toMatchObject([{ name: 'Tags', children: [], description: 'No object has a tag' }]);
  });
});

describe('Objects by Folder', () => {
  it('nests folder paths, folders before objects, objects without a folder left out', () => {
    const tree = build(pool(1, 4, (i) => ({ other_config: i === 0 ? { folder: '/Production' } : i === 1 ? { folder: '/Production/Web/' } : i === 2 ? { folder: '//Production//Web' } : {} })), true);
    const [root] = buildFoldersView(tree);
    expect(root.name).toBe('Folders');
    expect(names(root.children)).toEqual(['Production', 'Storage']);
    const prod = root.children[0];
    expect(prod.kind).toBe('folder');
    expect(names(prod.children)).toEqual(['Web', 'vm-0']);
    expect(names(prod.children[0].children)).toEqual(['vm-1', 'vm-2']);
    expect(prod.children[0].id).toBe('group|folder|/Production/Web');
    expect(names(root.children[1].children)).toEqual(['NFS']);
    // An object is in one folder: it keeps its Infrastructure id, so the selection follows it.
    expect(prod.children[1].id).toBe('c1|vm|v0');
  });

  it('reads folder paths', () => {
    expect(folderSegments('/a/b')).toEqual(['a', 'b']);
    expect(folderSegments('a//b/')).toEqual(['a', 'b']);
    expect(folderSegments('/')).toEqual([]);
  });
});

describe('the organisation views and the search draw what the Infrastructure view draws', () => {
  // A tagged, foldered tools SR, local CD SR, and a VM on a host that is down (GroupAlg.Hide applies to every view).
  function withNeverDrawn(): ConnectionObjects {
    const o = pool(2, 1, (i) => ({ tags: ['critical'], other_config: { folder: '/Storage' }, name_label: i === 1 ? 'on-dead-host' : `vm-${i}` }));
    o.get('host_metrics')!.set('m1', { live: false });
    const add = (cls: string, ref: string, rec: Rec) => { if (!o.has(cls)) o.set(cls, new Map()); o.get(cls)!.set(ref, rec); };
    add('sr', 'tools', { name_label: 'Tools ISOs', type: 'iso', is_tools_sr: true, shared: true, PBDs: [], other_config: { folder: '/Storage' }, tags: ['critical'] });
    add('sr', 'cd', { name_label: 'Old CD', type: 'local', shared: false, PBDs: [], other_config: { folder: '/Storage' }, tags: ['critical'] });
    return o;
  }
  const leaves = (nodes: TreeNode[]): string[] => nodes.flatMap((n) => (n.children.length ? leaves(n.children) : [n.name]));

  it('Objects by Tag and by Folder leave out the tools SR, local-type CD SRs and VMs of a host that is not live', () => {
    const tree = build(withNeverDrawn(), true);
    for (const view of [buildTagsView(tree), buildFoldersView(tree)]) {
      const shown = leaves(view);
      expect(shown).toContain('vm-0');
      expect(shown).toContain('NFS');
      for (const n of ['Tools ISOs', 'Old CD', 'on-dead-host']) expect(shown).not.toContain(n);
    }
  });

  it('the search box finds none of them', () => {
    const tree = build(withNeverDrawn());
    expect(filterTree(tree, 'vm-0').matches).toBe(1);
    for (const q of ['Tools ISOs', 'Old CD', 'on-dead-host']) expect(filterTree(tree, q).matches).toBe(0);
  });
});

describe('tag editing', () => {
  it('sends only the difference', () => {
    expect(tagChanges(['a', 'b'], ['b', 'c'])).toEqual({ add: ['c'], remove: ['a'] });
    expect(tagChanges(['a'], ['a'])).toEqual({ add: [], remove: [] });
  });
  it('trims typed tags and suggests the tags in use', () => {
    expect(cleanTag('  critical ')).toBe('critical');
    expect(knownTags(pool(1, 2, (i) => ({ tags: i ? ['web'] : ['db', 'web'] })))).toEqual(['critical', 'db', 'site-a', 'web']);
  });
});

describe('switching the tree view', () => {
  it('drops the selection with the old view, so toolbar and menus do not act on an unseen object', async () => {
    const { useUi } = await import('../../renderer/src/state/ui');
    const ui = useUi.getState();
    ui.select('pool|vm|OpaqueRef:v', [{ connectionId: 'c', cls: 'vm', ref: 'OpaqueRef:v' }]);
    ui.chooseTreeView('tags');
    expect(useUi.getState()).toMatchObject({ treeView: 'tags', selection: [], selectedNodeId: null });
    useUi.getState().select('x', [{ connectionId: 'c', cls: 'vm', ref: 'OpaqueRef:w' }]);
    useUi.getState().chooseTreeView('tags'); // the same view: nothing changes
    expect(useUi.getState().selection).toHaveLength(1);
    useUi.getState().chooseTreeView('infrastructure');
    expect(useUi.getState()).toMatchObject({ treeView: 'infrastructure', selection: [] });
  });
});

describe('a tag or folder selected: its members list', () => {
  it('lists a tag\'s objects with type and state; the Tags root lists its tags with their counts', () => {
    const tree = build(pool(1, 3, (i) => ({ tags: i < 2 ? ['critical'] : [], power_state: i === 1 ? 'Halted' : 'Running' })), true);
    const views = buildTagsView(tree);
    const tag = findNode(views, 'group|tag|critical')!;
    expect(groupTitle(tag)).toBe('critical');
    expect(memberRows(tag).map((r) => [r.name, r.type, r.state])).toEqual([
      ['vm-0', 'VM', 'Running'], ['vm-1', 'VM', 'Halted'], ['NFS', 'Storage', 'Shared storage'], ['Pool-wide network', 'Network', ''],
    ]);
    expect(memberRows(tag)[0]).toMatchObject({ connectionId: 'c1', id: 'c1|vm|v0|tag:critical' });
    expect(countText(tag)).toBe('4 objects');
    const root = findNode(views, 'group|tags')!;
    expect(memberRows(root).map((r) => [r.name, r.type, r.state])).toEqual([['critical', 'Tag', '4 objects'], ['site-a', 'Tag', '1 object']]);
    // The same object under two tags counts once in the root.
    expect(countText(root)).toBe('5 objects');
  });

  it('lists a folder\'s sub-folders (objects inside them counted) and objects; an empty one says so', () => {
    const tree = build(pool(1, 3, (i) => ({ other_config: i === 0 ? { folder: '/Production' } : i === 1 ? { folder: '/Production/Web' } : {} })), true);
    const prod = findNode(buildFoldersView(tree), 'group|folder|/Production')!;
    expect(groupTitle(prod)).toBe('/Production');
    expect(memberRows(prod).map((r) => [r.name, r.type, r.state])).toEqual([['Web', 'Folder', '1 object'], ['vm-0', 'VM', 'Running']]);
    expect(countText(prod)).toBe('2 objects');
    expect(countText({ ...prod, children: [] })).toBe('Empty');
    expect(findNode(tree, 'no such node')).toBeUndefined();
  });
});
