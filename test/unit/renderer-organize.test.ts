// Folders and tags managed as XenCenter does (features/organize): the path rules, the plans (which
// object gets which folder, each pool's EMPTY_FOLDERS list), the drop verdicts on tag and folder rows,
// the requests each change sends, and which rows the context menu offers the commands on.
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';
import type { Bridge } from '../../renderer/src/bridge/types';
import { judgeDrop, type DropTarget } from '../../renderer/src/framework/drop';
import { contextSlots } from '../../renderer/src/framework/menu-model';
import { allFolders, fixupRelativePath, normalisePath, parentPath, parseEmptyFolders, planDeleteFolder, planMove, planNewFolders, planRenameFolder } from '../../renderer/src/features/organize/folders';
import { orgObjects, orgPools, type OrgObject } from '../../renderer/src/features/organize/org-objects';
import { planAddTag, planRenameTag } from '../../renderer/src/features/organize/tags';
import { FOLDER_DROP, FOLDER_MOVE_DROP, TAG_DROP } from '../../renderer/src/features/organize/drop';
import { orgRow, taggedRow } from '../../renderer/src/features/organize/rows';
import { sendFolderPlan, sendTagChanges } from '../../renderer/src/features/organize/requests';
import { newFolderPaths } from '../../renderer/src/features/organize/FolderDialogs';
import { planObjectCalls } from '../../shared/object-properties/plan';
import { buildFoldersView, emptyFoldersOf } from '../../renderer/src/tree/org-views';

type Rec = Record<string, unknown>;
const conn = (id: string, extra: Partial<ConnectionInfo> = {}): ConnectionInfo =>
  ({ id, url: `https://${id}`, hostname: id, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [], ...extra });
const vm = (name: string, folder?: string, tags: string[] = []): Rec => ({ name_label: name, is_a_template: false, tags, other_config: folder ? { folder } : {} });

function world(over: { role?: ConnectionInfo['role']; empty?: string; c2Status?: ConnectionInfo['status'] } = {}) {
  const c1: ConnObjects = new Map<string, Map<string, Rec>>([
    ['vm', new Map([
      ['a', vm('a', '/Prod/Web', ['web'])], ['b', vm('b', '/Prod/Web')], ['c', vm('c', '/Prod', ['web', 'db'])], ['d', vm('d')],
      ['snap', { ...vm('snap', '/Prod', ['web']), is_a_snapshot: true }], ['dom0', { ...vm('dom0'), is_control_domain: true }],
    ])],
    ['host', new Map([['h1', { name_label: 'h1', tags: [], other_config: {} }]])],
    ['pool', new Map([['p1', { name_label: 'pool1', tags: [], other_config: over.empty === undefined ? {} : { EMPTY_FOLDERS: over.empty } }]])],
  ]);
  const c2: ConnObjects = new Map<string, Map<string, Rec>>([
    ['vm', new Map([['x', vm('x', '/Prod/Web/Old', ['web'])]])],
    ['sr', new Map([['s', { name_label: 's', tags: ['web'], other_config: { folder: '/Store' } }]])],
    ['pool', new Map([['p2', { name_label: 'pool2', tags: [], other_config: { EMPTY_FOLDERS: '/Prod/Web/Old/Empty;junk' } }]])],
  ]);
  return {
    connections: new Map([['c1', conn('c1', over.role ? { role: over.role } : {})], ['c2', conn('c2', over.c2Status ? { status: over.c2Status } : {})]]),
    objects: new Map([['c1', c1], ['c2', c2]]),
  };
}
const sel = (...refs: string[]) => refs.map((ref) => ({ connectionId: ['x', 's'].includes(ref) ? 'c2' : 'c1', cls: ref === 's' ? 'sr' : ref === 'h1' ? 'host' : 'vm', ref }));
const tagRow = (tag: string): DropTarget => ({ kind: 'tag', connectionId: '', cls: 'tag', ref: `group|tag|${tag}`, name: tag });
const folderRow = (path: string): DropTarget => ({ kind: 'folder', connectionId: '', cls: 'folder', ref: `group|folder|${path}`, name: path.slice(path.lastIndexOf('/') + 1) });
const FOLDERS_ROOT: DropTarget = { kind: 'group', connectionId: '', cls: 'group', ref: 'group|folders', name: 'Folders' };
const moves = (plan: { moves: Array<{ object: OrgObject; folder: string }> }) => plan.moves.map((m) => [m.object.ref, m.folder]);
const lists = (plan: { emptyFolders: Array<{ pool: { ref: string }; list: string[] }> }) => plan.emptyFolders.map((e) => [e.pool.ref, e.list]);

describe('folder paths as XenCenter stores them', () => {
  it('normalises what is typed: doubled and outer slashes, spaces around separators', () => {
    expect(normalisePath('/a//b/')).toBe('/a/b');
    expect(normalisePath(' a / b ')).toBe('/a/b');
    expect(normalisePath('///')).toBe('');
    expect(fixupRelativePath('x\t y//z/')).toBe('x  y/z');
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('');
  });

  it("reads a pool's EMPTY_FOLDERS as XenCenter: ';'-separated, entries not starting with '/' ignored", () => {
    expect(parseEmptyFolders('/a;junk;/b/c')).toEqual(['/a', '/b/c']);
    expect(parseEmptyFolders(undefined)).toEqual([]);
  });

  it("New Folder's names: several separated by ';', under the chosen folder", () => {
    expect(newFolderPaths('/Prod', 'Db; Cache/Hot ;')).toEqual(['/Prod/Db', '/Prod/Cache/Hot']);
    expect(newFolderPaths('', ' x ')).toEqual(['/x']);
  });

  it('every folder: those with objects and their ancestors, and the listed empty ones', () => {
    const w = world({ empty: '/Spare' });
    expect(allFolders(orgObjects(w), orgPools(w))).toEqual(['/Prod', '/Prod/Web', '/Prod/Web/Old', '/Prod/Web/Old/Empty', '/Spare', '/Store']);
  });

  it('the Objects by Folder view shows the pools\' empty folders beside those with objects', () => {
    const w = world({ empty: '/Spare/Deep' });
    expect(emptyFoldersOf(w.objects)).toEqual(['/Spare/Deep', '/Prod/Web/Old/Empty']);
    const [root] = buildFoldersView([], emptyFoldersOf(w.objects));
    const names = (n: { name: string; children: Array<{ name: string; children: unknown[] }> }): unknown => [n.name, n.children.map((c) => names(c as never))];
    expect(names(root as never)).toEqual(['Folders', [['Prod', [['Web', [['Old', [['Empty', []]]]]]]], ['Spare', [['Deep', []]]]]]);
  });

  it('snapshots and control domains are not organised', () => {
    expect(orgObjects(world()).map((o) => o.ref)).toEqual(['a', 'b', 'c', 'd', 'h1', 'p1', 'x', 'p2', 's']);
  });
});

describe('folder plans', () => {
  it('move: objects already there are left; a folder the move empties stays as an empty folder of that pool', () => {
    const w = world();
    const o = orgObjects(w);
    const plan = planMove(o, orgPools(w), o.filter((x) => ['c', 'd'].includes(x.ref)), '/Prod/Web');
    expect(moves(plan)).toEqual([['c', '/Prod/Web'], ['d', '/Prod/Web']]);
    // /Prod still has /Prod/Web below it: not empty.
    expect(lists(plan)).toEqual([]);
    const out = planMove(o, orgPools(w), o.filter((x) => x.ref === 's'), '');
    expect(moves(out)).toEqual([['s', '']]);
    expect(lists(out)).toEqual([['p2', ['/Prod/Web/Old/Empty', '/Store']]]);
  });

  it('move into a folder listed as empty takes it off every list', () => {
    const w = world({ empty: '/Spare' });
    const o = orgObjects(w);
    expect(lists(planMove(o, orgPools(w), o.filter((x) => x.ref === 'd'), '/Spare'))).toEqual([['p1', []]]);
  });

  it('new folder: added to the chosen pool\'s list; none when it exists', () => {
    const w = world();
    const pools = orgPools(w);
    expect(lists(planNewFolders(orgObjects(w), pools, pools[0], ['/Spare'])!)).toEqual([['p1', ['/Spare']]]);
    expect(planNewFolders(orgObjects(w), pools, pools[0], ['/Prod'])).toBeUndefined();
  });

  it("rename moves the objects of the folder and of its subfolders, on every pool, and renames listed empty subfolders", () => {
    const w = world();
    const plan = planRenameFolder(orgObjects(w), orgPools(w), '/Prod/Web', '/Prod/Front');
    expect(moves(plan)).toEqual([['a', '/Prod/Front'], ['b', '/Prod/Front'], ['x', '/Prod/Front/Old']]);
    expect(lists(plan)).toEqual([['p2', ['/Prod/Front/Old/Empty']]]);
    // A sibling whose name starts the same is not inside it.
    expect(moves(planRenameFolder(orgObjects(w), orgPools(w), '/Prod/We', '/Z'))).toEqual([]);
  });

  it('delete takes every object inside out of all folders, drops its subfolders from the lists, and keeps an emptied parent', () => {
    const w = world();
    const plan = planDeleteFolder(orgObjects(w), orgPools(w), '/Prod/Web');
    expect(moves(plan)).toEqual([['a', ''], ['b', ''], ['x', '']]);
    expect(lists(plan)).toEqual([['p2', []]]);
    const all = planDeleteFolder(orgObjects(w), orgPools(w), '/Prod');
    expect(moves(all)).toEqual([['a', ''], ['b', ''], ['c', ''], ['x', '']]);
    const w2 = world({ empty: '' });
    // /Store's parent is the root: nothing to keep.
    expect(lists(planDeleteFolder(orgObjects(w2), orgPools(w2), '/Store'))).toEqual([]);
  });

  it('delete of a folder whose parent holds nothing else keeps the parent as an empty folder', () => {
    const w = world();
    // /Prod/Web/Old holds x and the empty /Prod/Web/Old/Empty; its parent /Prod/Web still holds a and b.
    const lone = planDeleteFolder(orgObjects(w), orgPools(w), '/Prod/Web/Old');
    expect(moves(lone)).toEqual([['x', '']]);
    expect(lists(lone)).toEqual([['p2', []]]);
    // Deleting the one empty subfolder of /Prod/Web/Old, which still holds x: nothing to keep.
    expect(lists(planDeleteFolder(orgObjects(w), orgPools(w), '/Prod/Web/Old/Empty'))).toEqual([['p2', []]]);
    const solo: OrgObject = { connectionId: 'c1', cls: 'vm', ref: 'd', name: 'd', tags: [], folder: '/Solo/Child' };
    const pool = { connectionId: 'c1', ref: 'p1', name: 'pool1', emptyFolders: [] };
    expect(lists(planDeleteFolder([solo], [pool], '/Solo/Child'))).toEqual([['p1', ['/Solo']]]);
  });
});

describe('tag plans', () => {
  it('add: objects that have the tag already are left; rename: remove the old, add the new, on every object with it', () => {
    const o = orgObjects(world());
    expect(planAddTag(o.filter((x) => ['a', 'd'].includes(x.ref)), 'web').map((c) => c.object.ref)).toEqual(['d']);
    expect(planRenameTag(o, 'web', 'db').map((c) => [c.object.ref, c.add, c.remove])).toEqual([
      ['a', ['db'], ['web']], ['c', [], ['web']], ['x', ['db'], ['web']], ['s', ['db'], ['web']],
    ]);
  });
});

describe('drops on tag and folder rows', () => {
  const verdict = (dragged: ReturnType<typeof sel>, target: DropTarget, w = world()) => judgeDrop([TAG_DROP, FOLDER_DROP], dragged, target, w)?.verdict;

  it('on a tag: add it, counting only the objects that lack it', () => {
    expect(verdict(sel('b', 'd'), tagRow('web'))).toEqual({ ok: true, label: "Add tag 'web' to 2 objects" });
    expect(verdict(sel('a', 'd'), tagRow('web'))).toEqual({ ok: true, label: "Add tag 'web' to 'd'" });
    expect(verdict(sel('a'), tagRow('web'))).toEqual({ ok: false, reason: "'a' already has the tag 'web'" });
    expect(verdict(sel('a', 'c'), tagRow('web'))).toEqual({ ok: false, reason: "All 2 objects already have the tag 'web'" });
  });

  it('on a folder: move; on the Folders root: out of folders; refused when already there', () => {
    expect(verdict(sel('c', 'd'), folderRow('/Prod/Web'))).toEqual({ ok: true, label: 'Move 2 objects to /Prod/Web' });
    expect(verdict(sel('a', 'b'), folderRow('/Prod/Web'))).toEqual({ ok: false, reason: 'Already in /Prod/Web' });
    expect(verdict(sel('a'), FOLDERS_ROOT)).toEqual({ ok: true, label: "Take 'a' out of its folder" });
    expect(verdict(sel('d'), FOLDERS_ROOT)).toEqual({ ok: false, reason: 'It is in no folder' });
  });

  it('refused: a snapshot, a server not connected, a role too low; not its business on other rows', () => {
    expect(verdict(sel('snap'), tagRow('web'))).toEqual({ ok: false, reason: 'Only VMs, templates, servers, pools, storage and networks can be organised' });
    expect(verdict(sel('x'), folderRow('/Prod'), world({ c2Status: 'disconnected' }))?.ok).toBe(false);
    const ro = verdict(sel('d'), tagRow('web'), world({ role: 'read-only' }));
    expect(ro?.ok === false && ro.reason).toMatch(/needs the VM Operator role or higher/);
    expect(verdict(sel('d'), { kind: 'group', connectionId: '', cls: 'group', ref: 'group|tags', name: 'Tags' })).toBeUndefined();
    expect(verdict(sel('d'), { kind: 'vm', connectionId: 'c1', cls: 'vm', ref: 'a', name: 'a' })).toBeUndefined();
  });
});

describe('dragging a folder', () => {
  const specs = [FOLDER_MOVE_DROP, TAG_DROP, FOLDER_DROP];
  const folder = (path: string) => [{ connectionId: '', cls: 'folder', ref: path }];
  const verdict = (from: string, target: DropTarget, w = world()) => judgeDrop(specs, folder(from), target, w)?.verdict;

  it('onto another folder or Folders: moves there; refused into itself, where it already is, over a folder of that name, on other rows', () => {
    expect(verdict('/Prod/Web', FOLDERS_ROOT)).toEqual({ ok: true, label: 'Move folder /Prod/Web to Folders' });
    expect(verdict('/Prod/Web/Old', folderRow('/Store'))).toEqual({ ok: true, label: 'Move folder /Prod/Web/Old to /Store' });
    expect(verdict('/Prod', folderRow('/Prod/Web'))).toEqual({ ok: false, reason: '/Prod cannot go inside itself' });
    expect(verdict('/Prod/Web', folderRow('/Prod'))).toEqual({ ok: false, reason: '/Prod/Web is already in /Prod' });
    expect(verdict('/Prod', FOLDERS_ROOT)).toEqual({ ok: false, reason: '/Prod is already in Folders' });
    expect(verdict('/Store', folderRow('/Prod/Web'))).toEqual({ ok: true, label: 'Move folder /Store to /Prod/Web' });
    expect(verdict('/Prod/Web/Old', folderRow('/Prod'))).toEqual({ ok: true, label: 'Move folder /Prod/Web/Old to /Prod' });
    expect(verdict('/Prod/Web', folderRow('/Prod/Web/Old'))).toEqual({ ok: false, reason: '/Prod/Web cannot go inside itself' });
    expect(verdict('/Store', tagRow('web'))).toEqual({ ok: false, reason: 'A folder can only be dropped on another folder or on Folders' });
    const ro = verdict('/Store', FOLDERS_ROOT, world({ role: 'read-only' }));
    expect(ro).toEqual({ ok: false, reason: '/Store is already in Folders' });
    const ro2 = verdict('/Prod/Web', FOLDERS_ROOT, world({ role: 'read-only' }));
    expect(ro2?.ok === false && ro2.reason).toMatch(/needs the VM Operator role or higher/);
  });

  it('refused over a folder of the same name there', () => {
    const w = world({ empty: '/Web' });
    expect(verdict('/Prod/Web', FOLDERS_ROOT, w)).toEqual({ ok: false, reason: 'There is already a folder /Web' });
  });

  it('the drop moves its objects and subfolders, on every pool, as Rename Folder does', async () => {
    const calls: Array<[string, unknown]> = [];
    const bridge = { request: vi.fn(async (ch: string, a: unknown) => { calls.push([ch, a]); return { taskRef: `OpaqueRef:t${calls.length}` }; }) } as unknown as Bridge;
    await FOLDER_MOVE_DROP.drop(folder('/Prod/Web'), folderRow('/Store'), bridge, world());
    expect(calls).toEqual([
      ['vmProperties.apply', { connectionId: 'c1', vmRef: 'a', changes: { folder: '/Store/Web' } }],
      ['vmProperties.apply', { connectionId: 'c1', vmRef: 'b', changes: { folder: '/Store/Web' } }],
      ['vmProperties.apply', { connectionId: 'c2', vmRef: 'x', changes: { folder: '/Store/Web/Old' } }],
      ['objectProperties.apply', { connectionId: 'c2', cls: 'pool', ref: 'p2', changes: { emptyFolders: '/Store/Web/Old/Empty' } }],
    ]);
  });
});

describe('the requests', () => {
  const recorder = () => {
    const calls: Array<[string, unknown]> = [];
    const bridge = { request: vi.fn(async (ch: string, a: unknown) => { calls.push([ch, a]); return { taskRef: `OpaqueRef:t${calls.length}` }; }) } as unknown as Bridge;
    return { calls, bridge };
  };

  it('a drop on a tag: one Properties request per object lacking it (VMs vmProperties, others objectProperties)', async () => {
    const { calls, bridge } = recorder();
    const w = world();
    const out = await TAG_DROP.drop([...sel('a', 'd'), { connectionId: 'c1', cls: 'host', ref: 'h1' }], tagRow('web'), bridge, w);
    expect(calls).toEqual([
      ['vmProperties.apply', { connectionId: 'c1', vmRef: 'd', changes: { tagsAdd: ['web'] } }],
      ['objectProperties.apply', { connectionId: 'c1', cls: 'host', ref: 'h1', changes: { tagsAdd: ['web'] } }],
    ]);
    expect(out.map((o) => [o.title, o.vm, o.taskRef])).toEqual([["Adding tag 'web'", 'd', 'OpaqueRef:t1'], ["Adding tag 'web'", 'h1', 'OpaqueRef:t2']]);
  });

  it('a folder plan: the moves, then each changed pool list as the pool\'s EMPTY_FOLDERS', async () => {
    const { calls, bridge } = recorder();
    const w = world();
    await sendFolderPlan(bridge, planDeleteFolder(orgObjects(w), orgPools(w), '/Prod/Web/Old'));
    expect(calls).toEqual([
      ['vmProperties.apply', { connectionId: 'c2', vmRef: 'x', changes: { folder: '' } }],
      ['objectProperties.apply', { connectionId: 'c2', cls: 'pool', ref: 'p2', changes: { emptyFolders: '' } }],
    ]);
    calls.length = 0;
    const w1 = world();
    const o = orgObjects(w1);
    await sendFolderPlan(bridge, planMove(o, orgPools(w1), o.filter((x) => x.ref === 'h1'), '/Hosts'));
    expect(calls).toEqual([['objectProperties.apply', { connectionId: 'c1', cls: 'host', ref: 'h1', changes: { folder: '/Hosts' } }]]);
  });

  it('rename tag: remove and add on each object, in one request each', async () => {
    const { calls, bridge } = recorder();
    await sendTagChanges(bridge, planRenameTag(orgObjects(world()), 'db', 'data'), () => 'Renaming');
    expect(calls).toEqual([['vmProperties.apply', { connectionId: 'c1', vmRef: 'c', changes: { tagsAdd: ['data'], tagsRemove: ['db'] } }]]);
  });

  it("main's plan for a pool's empty folders: the key removed, then added as XenCenter's SetOtherConfig", () => {
    const calls = (v: string) => planObjectCalls('pool', { emptyFolders: v }, {}).map((c) => [c.method, ...c.args]);
    expect(calls('/a;/b')).toEqual([['pool.remove_from_other_config', 'EMPTY_FOLDERS'], ['pool.add_to_other_config', 'EMPTY_FOLDERS', '/a;/b']]);
    expect(calls('')).toEqual([['pool.remove_from_other_config', 'EMPTY_FOLDERS']]);
  });
});

describe('rows and context menus', () => {
  it('reads the row ids of the organisation views', () => {
    expect(orgRow('group|tag|web')).toEqual({ kind: 'tag', tag: 'web' });
    expect(orgRow('group|folder|/a/b')).toEqual({ kind: 'folder', path: '/a/b' });
    expect(orgRow('group|folders')).toEqual({ kind: 'folders' });
    expect(orgRow('c1|vm|OpaqueRef:1')).toBeUndefined();
    expect(taggedRow('c1|vm|OpaqueRef:1|tag:web')).toEqual({ object: { connectionId: 'c1', cls: 'vm', ref: 'OpaqueRef:1' }, tag: 'web' });
    expect(taggedRow('c1|vm|OpaqueRef:1')).toBeUndefined();
  });

  it('a tag or folder row, selecting no object, gets its own slots; objects get organize, and tagged under a tag', () => {
    expect(contextSlots([], undefined, 'group|tag|web')).toEqual(['context:tag']);
    expect(contextSlots([], undefined, 'group|folder|/a')).toEqual(['context:folder']);
    expect(contextSlots([], undefined, 'group|folders')).toEqual(['context:folders']);
    expect(contextSlots([], undefined, 'group|tags')).toEqual([]);
    const one = [{ connectionId: 'c1', cls: 'vm', ref: 'a' }];
    expect(contextSlots(one, undefined, 'c1|vm|a|tag:web')).toEqual(['context:vm', 'context:any', 'context:organize', 'context:tagged']);
    expect(contextSlots([{ connectionId: 'c1', cls: 'connection', ref: 'c1' }])).toEqual(['context:server', 'context:any']);
  });
});

describe('the row commands read the selected row', () => {
  it('New Folder… on a folder or Folders, Rename Tag… on a tag, Untag on objects under a tag; each says why not elsewhere', async () => {
    const { appStore } = await import('../../renderer/src/state');
    const { useUi } = await import('../../renderer/src/state/ui');
    const { NEW_FOLDER, RENAME_TAG, UNTAG, MOVE_TO_FOLDER } = await import('../../renderer/src/features/organize/actions');
    const w = world();
    appStore.setState({ connections: w.connections, objects: w.objects });
    const ui = (selectedNodeId: string | null, selection: Array<{ connectionId: string; cls: string; ref: string }> = [], ids = selectedNodeId ? [selectedNodeId] : []) =>
      ({ ...useUi.getState(), selectedNodeId, selection, selectedNodeIds: new Set(ids) });
    expect(NEW_FOLDER.disabledReason?.(ui('group|folders'))).toBeUndefined();
    expect(NEW_FOLDER.disabledReason?.(ui('group|folder|/Prod'))).toBeUndefined();
    expect(NEW_FOLDER.disabledReason?.(ui('group|tag|web'))).toBe('Select a folder, or Folders, in Objects by Folder');
    expect(RENAME_TAG.disabledReason?.(ui('group|tag|web'))).toBeUndefined();
    expect(RENAME_TAG.disabledReason?.(ui('group|folders'))).toBe('Select a tag in Objects by Tag');
    expect(UNTAG.disabledReason?.(ui('c1|vm|a|tag:web', sel('a')))).toBeUndefined();
    expect(UNTAG.disabledReason?.(ui('c1|vm|a', sel('a')))).toBe('Select objects under a tag in Objects by Tag');
    expect(MOVE_TO_FOLDER.disabledReason?.(ui('c1|vm|a', sel('a', 'd')))).toBeUndefined();
    expect(MOVE_TO_FOLDER.disabledReason?.(ui('c1|vm|snap', sel('snap')))).toBe('Only VMs, templates, servers, pools, storage and networks go in folders');
    appStore.setState({ connections: world({ role: 'read-only' }).connections });
    expect(RENAME_TAG.disabledReason?.(ui('group|tag|web'))).toMatch(/needs the VM Operator role or higher/);
    // The row's dialog opens with the row as its subject.
    appStore.setState({ connections: w.connections });
    const opened: unknown[] = [];
    RENAME_TAG.perform({ bridge: {} as Bridge, ui: { ...ui('group|tag|web'), openDialog: (...a: unknown[]) => { opened.push(a); } } });
    expect(opened).toEqual([['organize.renameTag', { connectionId: '', cls: 'tag', ref: 'web' }]]);
  });
});

describe("main's contract for a pool's empty folders", () => {
  it('takes folder paths for a pool only', async () => {
    const { OBJECT_PROPERTIES_VALIDATORS } = await import('../../shared/ipc/areas/object-properties');
    const v = OBJECT_PROPERTIES_VALIDATORS['objectProperties.apply'];
    const args = (cls: string, emptyFolders: string) => ({ connectionId: 'c1', cls, ref: 'OpaqueRef:p', changes: { emptyFolders } });
    expect(v(args('pool', '/a;/a/b')).changes).toEqual({ emptyFolders: '/a;/a/b' });
    expect(v(args('pool', '')).changes).toEqual({ emptyFolders: '' });
    expect(() => v(args('pool', '/a;junk'))).toThrow(/folder paths/);
    expect(() => v(args('host', '/a'))).toThrow(/has no property "emptyFolders"/);
  });
});

describe('many objects', () => {
  it('their requests start a few at a time, and every outcome comes back in order', async () => {
    let running = 0, most = 0;
    const bridge = { request: vi.fn(async () => { running++; most = Math.max(most, running); await new Promise((r) => setTimeout(r, 1)); running--; return { taskRef: 'OpaqueRef:t' }; }) } as unknown as Bridge;
    const objects: OrgObject[] = Array.from({ length: 30 }, (_, i) => ({ connectionId: 'c1', cls: 'vm', ref: `v${i}`, name: `v${i}`, tags: [], folder: '' }));
    const out = await sendTagChanges(bridge, planAddTag(objects, 't'), () => 'Adding');
    expect(out.map((o) => o.target.ref)).toEqual(objects.map((o) => o.ref));
    expect(most).toBeLessThanOrEqual(8);
  });
});
