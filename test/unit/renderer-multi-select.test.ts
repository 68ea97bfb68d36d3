// Several objects selected at once (renderer/src/tree/multi-select.ts, framework/availability.ts):
// which rows a Ctrl-click or a Shift range selects, what they stand for, what the selection keeps
// when the tree changes, and which objects a command runs on.
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { flattenTree, type TreeNode } from '../../renderer/src/tree/build-tree';
import { indexTree } from '../../renderer/src/tree/keep-selection';
import { objectsOfNodes, pruneSelection, rangeSelection, toggleSelection } from '../../renderer/src/tree/multi-select';
import { commandState, commandTargets } from '../../renderer/src/framework/availability';
import { runCommand } from '../../renderer/src/framework/run-command';
import { VM_COMMANDS } from '../../renderer/src/features/vm-power/commands';
import { EXPORT_COMMAND } from '../../renderer/src/features/transfer/commands';
import { DELETE_VM_COMMAND } from '../../renderer/src/features/vm-lifecycle/commands';
import { HOST_PROPERTIES_COMMAND } from '../../renderer/src/features/object-properties/command';
import { createAppStore, type ConnObjects } from '../../renderer/src/state/store';
import { selectedCountText } from '../../renderer/src/features/general/SelectionPane';
import type { Bridge } from '../../renderer/src/bridge/types';

const node = (kind: TreeNode['kind'], ref: string, children: TreeNode[] = [], connectionId = 'c1'): TreeNode =>
  ({ id: `${connectionId}|${kind}|${ref}`, kind, cls: kind, connectionId, ref, name: ref, children });
const tag = (name: string, children: TreeNode[]): TreeNode => ({ id: `group|tag|${name}`, kind: 'tag', cls: 'tag', connectionId: '', ref: name, name, children });

// pool > host h1 > a, b, c ; host h2 > d
const TREE = [node('pool', 'p', [node('host', 'h1', [node('vm', 'a'), node('vm', 'b'), node('vm', 'c')]), node('host', 'h2', [node('vm', 'd')])])];
const rows = flattenTree(TREE, () => true);
const at = (ref: string) => rows.findIndex((r) => r.node.ref === ref);
const refs = (objs: ReadonlyArray<{ ref: string }>) => objs.map((o) => o.ref);

describe('selecting several rows', () => {
  it('Shift: the rows from the anchor to the row reached, either way, in the tree\'s order', () => {
    const down = rangeSelection(rows, 'c1|vm|a', at('d'))!;
    expect(down.ids).toEqual(['c1|vm|a', 'c1|vm|b', 'c1|vm|c', 'c1|host|h2', 'c1|vm|d']);
    expect(down).toMatchObject({ primary: 'c1|vm|d', anchor: 'c1|vm|a' });
    expect(refs(down.objects)).toEqual(['a', 'b', 'c', 'h2', 'd']);
    const up = rangeSelection(rows, 'c1|vm|c', at('h1'))!;
    expect(refs(up.objects)).toEqual(['h1', 'a', 'b', 'c']);
    expect(up.anchor).toBe('c1|vm|c');
    // No anchor (or one no longer shown): the row alone, which becomes the anchor.
    expect(rangeSelection(rows, 'gone', at('b'))).toMatchObject({ ids: ['c1|vm|b'], anchor: 'c1|vm|b' });
    expect(rangeSelection(rows, null, 99)).toBeNull();
  });

  it('Ctrl: a row joins or leaves; the last row stays selected', () => {
    const index = indexTree(TREE);
    const two = toggleSelection(rows, new Set(['c1|vm|a']), at('c'), index)!;
    expect(two).toMatchObject({ ids: ['c1|vm|a', 'c1|vm|c'], primary: 'c1|vm|c', anchor: 'c1|vm|c' });
    const back = toggleSelection(rows, new Set(two.ids), at('c'), index)!;
    expect(back).toMatchObject({ ids: ['c1|vm|a'], primary: 'c1|vm|a' });
    expect(refs(back.objects)).toEqual(['a']);
    const last = toggleSelection(rows, new Set(['c1|vm|a']), at('a'), index)!;
    expect(last.ids).toEqual(['c1|vm|a']);
  });

  it('an object under several tags counts once; tag and group rows stand for no object', () => {
    const a = node('vm', 'a');
    const tags = [tag('web', [{ ...a, id: `${a.id}|tag:web` }]), tag('prod', [{ ...a, id: `${a.id}|tag:prod` }, node('vm', 'b')])];
    const flat = flattenTree(tags, () => true);
    const all = rangeSelection(flat, flat[0].node.id, flat.length - 1)!;
    expect(all.ids).toHaveLength(5);
    expect(refs(all.objects)).toEqual(['a', 'b']);
    expect(objectsOfNodes([tags[0]])).toEqual([]);
  });

  it('after the tree changed: the rows still there stay selected; all there: nothing to do', () => {
    const index = indexTree(TREE);
    const selected = new Set(['c1|vm|a', 'c1|vm|b', 'c1|vm|d']);
    expect(pruneSelection(index, selected, 'c1|vm|d')).toBeUndefined();
    const without = indexTree([node('pool', 'p', [node('host', 'h1', [node('vm', 'a'), node('vm', 'c')]), node('host', 'h2', [node('vm', 'd')])])]);
    expect(pruneSelection(without, selected, 'c1|vm|d')).toMatchObject({ ids: ['c1|vm|a', 'c1|vm|d'], primary: 'c1|vm|d' });
    // The primary went: the last row left leads.
    const noD = indexTree([node('pool', 'p', [node('host', 'h1', [node('vm', 'a'), node('vm', 'b')])])]);
    expect(pruneSelection(noD, selected, 'c1|vm|d')).toMatchObject({ ids: ['c1|vm|a', 'c1|vm|b'], primary: 'c1|vm|b' });
    expect(pruneSelection(indexTree([]), selected, 'c1|vm|d')).toMatchObject({ ids: [], primary: '' });
    // One row or none: keep-selection.ts decides.
    expect(pruneSelection(index, new Set(['c1|vm|zz']), 'c1|vm|zz')).toBeUndefined();
  });

  it('the heading counts the selected rows by kind', () => {
    expect(selectedCountText([node('vm', 'a'), node('vm', 'b'), node('vm', 'c')])).toBe('3 VMs');
    expect(selectedCountText([node('host', 'a'), node('host', 'b')])).toBe('2 servers');
    expect(selectedCountText([node('vm', 'a'), node('host', 'b')])).toBe('2 objects');
  });
});

const conn = (id: string, status: ConnectionInfo['status'] = 'connected'): ConnectionInfo =>
  ({ id, url: `https://${id}`, hostname: id, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });
const vmRec = (name: string, power: string, ops: string[]) => ({ name_label: name, power_state: power, allowed_operations: ops, current_operations: {}, is_a_template: false });

function world() {
  const c1: ConnObjects = new Map([['vm', new Map<string, Record<string, unknown>>([
    ['a', vmRec('a', 'Running', ['clean_shutdown', 'hard_shutdown'])],
    ['b', vmRec('b', 'Halted', ['start'])],
    ['c', vmRec('c', 'Running', ['clean_shutdown', 'hard_shutdown'])],
  ])]]);
  const c2: ConnObjects = new Map([['vm', new Map<string, Record<string, unknown>>([['x', vmRec('x', 'Running', ['clean_shutdown'])]])]]);
  return { connections: new Map([['c1', conn('c1')], ['c2', conn('c2', 'reconnecting')]]), objects: new Map([['c1', c1], ['c2', c2]]) };
}
const vms = (...r: string[]) => r.map((ref) => ({ connectionId: ref === 'x' ? 'c2' : 'c1', cls: 'vm', ref }));
const cmd = (id: string) => VM_COMMANDS.find((c) => c.id === id)!;

describe('a command on several objects', () => {
  it('runs on those that allow it: Shut Down on two running VMs and a halted one shuts down the two', () => {
    const w = world();
    expect(commandState(cmd('vm.shutdown'), vms('a', 'b', 'c'), w)).toEqual({ enabled: true });
    expect(refs(commandTargets(cmd('vm.shutdown'), vms('a', 'b', 'c'), w))).toEqual(['a', 'c']);
    expect(refs(commandTargets(cmd('vm.start'), vms('a', 'b', 'c'), w))).toEqual(['b']);
    // All allow it: all of them.
    expect(refs(commandTargets(cmd('vm.shutdown'), vms('a', 'c'), w))).toEqual(['a', 'c']);
    // An object of a server that is not connected is left out, not a reason to refuse the rest.
    expect(refs(commandTargets(cmd('vm.shutdown'), vms('a', 'x'), w))).toEqual(['a']);
  });

  it('none allows it: greyed with the reason for the whole selection', () => {
    const w = world();
    const st = commandState(cmd('vm.resume'), vms('a', 'b'), w);
    expect(st.enabled).toBe(false);
    expect(st.reason).toBeTruthy();
    expect(commandTargets(cmd('vm.resume'), vms('a', 'b'), w)).toEqual([]);
  });

  it('a one-object command (a dialog, an export) stays greyed on several, saying so', () => {
    const w = world();
    expect(commandState(EXPORT_COMMAND, vms('a', 'c'), w).enabled).toBe(false);
    expect(commandState(HOST_PROPERTIES_COMMAND, vms('a', 'c'), w).enabled).toBe(false);
  });

  it('Delete VM… on several: its dialog for several (Delete Multiple VMs) on those that can be deleted', () => {
    const w = world();
    const vmMap = w.objects.get('c1')!.get('vm')!;
    vmMap.set('b', { ...vmMap.get('b')!, allowed_operations: ['start', 'destroy'] });
    vmMap.set('d', vmRec('d', 'Halted', ['start', 'destroy']));
    expect(DELETE_VM_COMMAND.multiDialog).toBe('deleteVms');
    expect(commandState(DELETE_VM_COMMAND, vms('a', 'b', 'd'), w)).toEqual({ enabled: true });
    expect(refs(commandTargets(DELETE_VM_COMMAND, vms('a', 'b', 'd'), w))).toEqual(['b', 'd']);
    expect(commandState(DELETE_VM_COMMAND, vms('a', 'c'), w).enabled).toBe(false);
  });

  it('runCommand sends one request per object it can run on, and each becomes its own Events entry', async () => {
    const store = createAppStore();
    const w = world();
    store.setState({ connections: w.connections, objects: w.objects });
    const calls: Array<{ method: string; args: unknown[] }> = [];
    let n = 0;
    const bridge = { request: vi.fn(async (_ch: string, a: { method: string; args: unknown[] }) => { calls.push(a); return { taskRef: `OpaqueRef:t${++n}` }; }) } as unknown as Bridge;
    const alerts: string[] = [];
    await runCommand(cmd('vm.shutdown'), vms('a', 'b', 'c'), bridge, store, (m) => alerts.push(m));
    expect(calls).toEqual([{ connectionId: 'c1', method: 'VM.clean_shutdown', args: ['a'] }, { connectionId: 'c1', method: 'VM.clean_shutdown', args: ['c'] }]);
    expect(alerts).toEqual([]);
    const own = [...store.getState().ownTasks.values()].map((t) => t.vm).sort();
    expect(own).toEqual(['a', 'c']);
  });
});
