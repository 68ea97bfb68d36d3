import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import {
  buildInfrastructureTree, flattenTree, naturalCompare, type ConnectionObjects, type TreeNode, type TreeOptions,
} from '../../renderer/src/tree/build-tree';
import { DEFAULT_TREE_OPTIONS } from '../../renderer/src/tree/visibility';
import { useUi } from '../../renderer/src/state/ui';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';
import { ObjectsFixture } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

function conn(id = 'c1', status: ConnectionInfo['status'] = 'connected', extra: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return { id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [], ...extra };
}

class Fixture extends ObjectsFixture {
  pool(name: string, master = 'h1'): this { return this.add('pool', 'p1', { name_label: name, master, default_SR: NULL, other_config: {} }); }
  host(ref: string, name: string, live = true): this {
    this.add('host_metrics', `${ref}-m`, { live, memory_total: 1, memory_free: 1 });
    return this.add('host', ref, { name_label: name, metrics: `${ref}-m`, enabled: true, other_config: {}, PBDs: [] });
  }
  sr(ref: string, name: string, shared: boolean, hosts: string[], other: Rec = {}): this {
    const pbds = hosts.map((h, i) => `${ref}-pbd${i}`);
    hosts.forEach((h, i) => this.add('pbd', pbds[i], { host: h, SR: ref, currently_attached: true }));
    return this.add('sr', ref, { name_label: name, shared, PBDs: pbds, other_config: {}, ...other });
  }
  vm(ref: string, name: string, rec: Rec = {}): this {
    return this.add('vm', ref, {
      name_label: name, power_state: 'Halted', resident_on: NULL, affinity: NULL, VBDs: [], is_a_template: false,
      is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: {}, ...rec,
    });
  }
  disk(vm: string, sr: string): this {
    const vdi = `${vm}-vdi-${sr}`;
    const vbd = `${vm}-vbd-${sr}`;
    this.add('vdi', vdi, { SR: sr, name_label: 'disk' });
    this.add('vbd', vbd, { VDI: vdi, VM: vm, type: 'Disk' });
    const v = this.objects.get('vm')!.get(vm)!;
    v.VBDs = [...(v.VBDs as string[]), vbd];
    return this;
  }
  build(opts: TreeOptions = {}): TreeNode[] {
    return buildInfrastructureTree({ connections: [conn()], objects: new Map([['c1', this.objects]]), ...opts });
  }
}

const names = (nodes: TreeNode[]) => nodes.map((n) => n.name);
const find = (nodes: TreeNode[], name: string): TreeNode | undefined => {
  for (const n of nodes) {
    if (n.name === name) return n;
    const f = find(n.children, name);
    if (f) return f;
  }
  return undefined;
};
const all = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...all(n.children)]);

/** A pool: two live hosts, one dead host; local SRs; a shared SR. */
function poolFixture(): Fixture {
  return new Fixture()
    .pool('Pool A')
    .host('h1', 'host 1').host('h2', 'host 2').host('h3', 'host 3', false)
    .sr('local1', 'Local storage 1', false, ['h1'])
    .sr('local2', 'Local storage 2', false, ['h2'])
    .sr('nfs', 'NFS', true, ['h1', 'h2', 'h3'])
    .sr('iso', 'ISO unshared two PBDs', false, ['h1', 'h2'])
    .vm('dom0', 'Control domain on host 1', { is_control_domain: true, power_state: 'Running', resident_on: 'h1' })
    .vm('run', 'Running VM', { power_state: 'Running', resident_on: 'h2', affinity: 'h1' })
    .vm('localdisk', 'Halted local', {}).disk('localdisk', 'local1')
    .vm('shared', 'Halted shared', {}).disk('shared', 'nfs')
    .vm('aff', 'Affinity live', { affinity: 'h2' }).disk('aff', 'nfs')
    .vm('affdead', 'Affinity dead', { affinity: 'h3' })
    .vm('tpl', 'My template', { is_a_template: true })
    .vm('deftpl', 'Debian Template', { is_a_template: true, is_default_template: true })
    .vm('snap', 'Snapshot of shared', { is_a_snapshot: true, snapshot_of: 'shared', is_a_template: true })
    .vm('hidden', 'Hidden VM', { other_config: { HideFromXenCenter: 'true' } });
}

describe('buildInfrastructureTree: rules', () => {
  it('draws a pool node holding hosts, then pool-level VMs, then SRs, then custom templates', () => {
    const [pool, ...rest] = poolFixture().build();
    expect(rest).toEqual([]);
    expect(pool.kind).toBe('pool');
    expect(pool.name).toBe('Pool A');
    expect(names(pool.children)).toEqual(['host 1', 'host 2', 'host 3', 'Affinity dead', 'Halted shared', 'ISO unshared two PBDs', 'NFS', 'My template']);
    expect(pool.children.map((c) => c.kind)).toEqual(['host', 'host', 'host', 'vm', 'vm', 'sr', 'sr', 'template']);
  });

  it('puts a running VM under its resident host (not its affinity host)', () => {
    const tree = poolFixture().build();
    expect(names(find(tree, 'host 2')!.children)).toContain('Running VM');
    expect(names(find(tree, 'host 1')!.children)).not.toContain('Running VM');
    expect(find(tree, 'Running VM')!.state).toBe('Running');
  });

  it('lists networks at pool level after storage only when asked, without hidden ones', () => {
    const f = poolFixture()
      .add('network', 'n2', { name_label: 'Network 10', other_config: {} })
      .add('network', 'n1', { name_label: 'Network 2', other_config: {} })
      .add('network', 'n3', { name_label: 'Hidden net', other_config: { HideFromXenCenter: 'true' } });
    expect(all(f.build()).some((n) => n.kind === 'network')).toBe(false);
    const [pool] = f.build({ showNetworks: true });
    const kinds = pool.children.map((c) => c.kind);
    expect(names(pool.children.filter((c) => c.kind === 'network'))).toEqual(['Network 2', 'Network 10']);
    expect(kinds.lastIndexOf('sr')).toBeLessThan(kinds.indexOf('network'));
  });

  it('puts a paused VM (still resident) under its host, and a suspended one by its storage', () => {
    const tree = poolFixture()
      .vm('paused', 'Paused VM', { power_state: 'Paused', resident_on: 'h2' }).disk('paused', 'nfs')
      .vm('susp', 'Suspended VM', { power_state: 'Suspended' }).disk('susp', 'local1')
      .build();
    expect(names(find(tree, 'host 2')!.children)).toContain('Paused VM');
    expect(names(find(tree, 'host 1')!.children)).toContain('Suspended VM');
  });

  it('puts a halted VM with a disk on a local SR under that SR\'s host', () => {
    const tree = poolFixture().build();
    expect(names(find(tree, 'host 1')!.children)).toEqual(['Halted local', 'Local storage 1']);
  });

  it('keeps a halted VM on shared storage at pool level', () => {
    const pool = poolFixture().build()[0];
    expect(names(pool.children)).toContain('Halted shared');
  });

  it('uses the affinity host only when it is live', () => {
    const tree = poolFixture().build();
    expect(names(find(tree, 'host 2')!.children)).toEqual(['Affinity live', 'Running VM', 'Local storage 2']);
    expect(names(tree[0].children)).toContain('Affinity dead');
    expect(find(tree, 'host 3')!.children).toEqual([]);
    expect(find(tree, 'host 3')!.state).toBe('dead');
  });

  it('puts a local SR (unshared, one PBD) under its host and others at pool level', () => {
    const tree = poolFixture().build();
    expect(names(find(tree, 'host 1')!.children)).toContain('Local storage 1');
    expect(names(tree[0].children)).toEqual(expect.arrayContaining(['NFS', 'ISO unshared two PBDs']));
  });

  it('hides control domains, snapshots, default templates and HideFromXenCenter objects by default', () => {
    const every = names(all(poolFixture().build()));
    for (const hidden of ['Control domain on host 1', 'Debian Template', 'Snapshot of shared', 'Hidden VM']) {
      expect(every).not.toContain(hidden);
    }
  });

  it('shows templates at pool level (custom before default) when asked, snapshots under their VM', () => {
    const tree = poolFixture().build({ showDefaultTemplates: true, showSnapshots: true });
    const pool = tree[0];
    expect(names(pool.children).slice(-2)).toEqual(['My template', 'Debian Template']);
    expect(pool.children.slice(-2).map((n) => n.kind)).toEqual(['template', 'template']);
    const shared = find(tree, 'Halted shared')!;
    expect(names(shared.children)).toEqual(['Snapshot of shared']);
    expect(shared.children[0].kind).toBe('snapshot');
    expect(names(all(tree))).not.toContain('Control domain on host 1');
  });

  it('shows HideFromXenCenter objects only with showHidden', () => {
    expect(names(all(poolFixture().build({ showHidden: true })))).toContain('Hidden VM');
    const f = poolFixture();
    (f.objects.get('sr')!.get('nfs')!).other_config = { HideFromXenCenter: 'true' };
    expect(names(all(f.build()))).not.toContain('NFS');
  });

  it('does not draw a standalone host\'s pool (empty name): the host is the top-level node', () => {
    const f = new Fixture().pool('').host('h1', 'lonely')
      .sr('local', 'Local storage', false, ['h1']).sr('nfs', 'NFS', true, ['h1'])
      .vm('a', 'VM a', { power_state: 'Running', resident_on: 'h1' }).vm('b', 'VM b');
    const tree = f.build();
    expect(tree).toHaveLength(1);
    expect(tree[0].kind).toBe('host');
    expect(tree[0].name).toBe('lonely');
    expect(names(tree[0].children)).toEqual(['VM a', 'VM b', 'Local storage', 'NFS']);
  });

  it('sorts naturally within each group', () => {
    const f = new Fixture().pool('P').host('h1', 'h');
    for (const n of ['VM 10', 'VM 2', 'vm 1', 'VM 21', 'Alpha']) f.vm(n, n);
    expect(names(f.build()[0].children.slice(1))).toEqual(['Alpha', 'vm 1', 'VM 2', 'VM 10', 'VM 21']);
    expect(naturalCompare('VM 2', 'VM 10')).toBeLessThan(0);
    const f2 = new Fixture().pool('P').host('b', 'Host 10').host('a', 'Host 9');
    expect(names(f2.build()[0].children)).toEqual(['Host 9', 'Host 10']);
  });

  it('shows a connection that is not connected as a top-level node with its status', () => {
    const tree = buildInfrastructureTree({
      connections: [
        conn('c1', 'connecting'),
        conn('c2', 'failed', { error: { code: 'CONNECTION_FAILED', params: [], message: 'connect ECONNREFUSED' } }),
      ],
      objects: new Map(),
    });
    expect(tree.map((n) => [n.kind, n.name, n.description])).toEqual([
      ['connection', 'c1.example', 'Connecting…'],
      ['connection', 'c2.example', 'Failed: connect ECONNREFUSED'],
    ]);
  });

  it('a reconnecting pool keeps its tree, every host and VM in an unknown state', () => {
    const objects = new Map([['c1', poolFixture().objects]]);
    const tree = buildInfrastructureTree({ connections: [conn('c1', 'reconnecting')], objects });
    expect(tree[0]).toMatchObject({ kind: 'pool', name: 'Pool A', statusText: 'Reconnecting…' });
    const stateful = all(tree).filter((n) => n.kind === 'host' || n.kind === 'vm');
    expect(stateful.length).toBeGreaterThan(2);
    for (const n of stateful) expect(n).toMatchObject({ state: 'unknown', description: 'State unknown: the connection is not connected' });
    // Connected again: the real states.
    const live = buildInfrastructureTree({ connections: [conn('c1')], objects });
    expect(find(live, 'Running VM')!.state).toBe('Running');
  });

  it('draws one top-level entry per connection, in order', () => {
    const a = poolFixture().objects;
    const b = new Fixture().pool('').host('x', 'standalone').objects;
    const tree = buildInfrastructureTree({ connections: [conn('c1'), conn('c2'), conn('c3', 'connecting')], objects: new Map([['c1', a], ['c2', b]]) });
    expect(tree.map((n) => n.kind)).toEqual(['pool', 'host', 'connection']);
    expect(new Set(all(tree).map((n) => n.id)).size).toBe(all(tree).length);
  });

  it('flattens with levels, set sizes and positions', () => {
    const tree = poolFixture().build();
    const rows = flattenTree(tree, (n) => n.kind === 'pool');
    expect(rows[0]).toMatchObject({ level: 1, setSize: 1, posInSet: 1, expanded: true, parentId: null });
    expect(rows[1]).toMatchObject({ level: 2, setSize: tree[0].children.length, posInSet: 1, expanded: false, parentId: tree[0].id });
    expect(rows).toHaveLength(1 + tree[0].children.length);
  });
});

describe('buildInfrastructureTree: what XenCenter never draws, its host order and View defaults', () => {
  const drawn = (tree: TreeNode[]) => names(all(tree));

  it('sorts the coordinator first, then the live members, then the unreachable ones, each by name (WIRE.md, Host.CompareTo)', () => {
    const f = new Fixture().pool('P', 'hz').host('hb', 'beta').host('hz', 'zeta').host('ha', 'alpha', false).host('hc', 'Gamma 10').host('hd', 'Gamma 9').host('he', 'Aardvark', false);
    const hosts = f.build()[0].children.filter((n) => n.kind === 'host');
    expect(names(hosts)).toEqual(['zeta', 'beta', 'Gamma 9', 'Gamma 10', 'Aardvark', 'alpha']);
    expect(hosts.map((h) => h.state)).toEqual(['live', 'live', 'live', 'live', 'dead', 'dead']);
    // A dead coordinator still comes first.
    const g = new Fixture().pool('P', 'hz').host('ha', 'alpha').host('hz', 'zeta', false);
    expect(names(g.build()[0].children)).toEqual(['zeta', 'alpha']);
  });

  it('never draws the tools ISO SR (is_tools_sr, or its name on older hosts), even with hidden objects shown', () => {
    const f = poolFixture()
      .sr('tools', 'Tools ISOs', true, ['h1', 'h2'], { type: 'iso', is_tools_sr: true })
      .sr('oldtools', 'XenServer Tools', true, ['h1', 'h2'], { type: 'iso' })
      .sr('lib', 'ISO library', true, ['h1', 'h2'], { type: 'iso' });
    for (const tree of [f.build(), f.build({ showHidden: true })]) {
      expect(drawn(tree)).not.toContain('Tools ISOs');
      expect(drawn(tree)).not.toContain('XenServer Tools');
      expect(drawn(tree)).toContain('ISO library');
    }
  });

  it('never draws SRs of type local (old CD drives) or tmpfs, nor XenCenter\'s temporary objects', () => {
    const f = poolFixture()
      .sr('cd', 'Old CD drive', false, ['h1'], { type: 'local' })
      .sr('mem', 'Memory SR', false, ['h2'], { type: 'tmpfs' })
      .sr('tmp', '__gui__probe', true, ['h1'], { type: 'nfs' })
      .vm('tmpvm', '__gui__vm', { power_state: 'Running', resident_on: 'h1' });
    for (const tree of [f.build(), f.build({ showHidden: true, showLocalStorage: true })]) {
      for (const n of ['Old CD drive', 'Memory SR', '__gui__probe', '__gui__vm']) expect(drawn(tree)).not.toContain(n);
    }
  });

  it('hides an SR a DR task introduced unless hidden objects are shown', () => {
    const f = poolFixture().sr('dr', 'DR copy', true, ['h1', 'h2'], { type: 'lvmoiscsi', introduced_by: 'OpaqueRef:dr-task' });
    expect(drawn(f.build())).not.toContain('DR copy');
    expect(drawn(f.build({ showHidden: true }))).toContain('DR copy');
  });

  it('does not draw a VM or an SR whose home host is not live; the host itself stays, with shared SRs and pool-level VMs', () => {
    const f = poolFixture()
      .sr('local3', 'Local storage 3', false, ['h3'], { type: 'lvm' })
      .vm('ondead', 'Running on dead host', { power_state: 'Running', resident_on: 'h3' })
      .vm('diskdead', 'Halted on dead local disk', {}).disk('diskdead', 'local3')
      .vm('snapdead', 'Snapshot of VM on dead host', { is_a_snapshot: true, is_a_template: true, snapshot_of: 'ondead' });
    for (const tree of [f.build(), f.build({ showHidden: true, showSnapshots: true })]) {
      const every = drawn(tree);
      for (const n of ['Running on dead host', 'Halted on dead local disk', 'Local storage 3', 'Snapshot of VM on dead host']) expect(every).not.toContain(n);
      expect(every).toEqual(expect.arrayContaining(['host 3', 'NFS', 'Affinity dead']));
      expect(find(tree, 'host 3')!.children).toEqual([]);
    }
    // The same records with host 3 live: all of them drawn under it.
    (f.objects.get('host_metrics')!.get('h3-m')!).live = true;
    expect(names(find(f.build({ showSnapshots: true }), 'host 3')!.children)).toEqual(['Affinity dead', 'Halted on dead local disk', 'Running on dead host', 'Local storage 3']);
    expect(names(find(f.build({ showSnapshots: true }), 'Running on dead host')!.children)).toEqual(['Snapshot of VM on dead host']);
  });

  it('a host without host_metrics counts as not live (XenCenter\'s Host.IsLive)', () => {
    const f = new Fixture().pool('P').host('h1', 'one').add('host', 'h2', { name_label: 'two', metrics: NULL, enabled: true, other_config: {}, PBDs: [] })
      .vm('v', 'On two', { power_state: 'Running', resident_on: 'h2' });
    expect(drawn(f.build())).not.toContain('On two');
    expect(find(f.build(), 'two')!.state).toBe('dead');
  });

  it('takes XenCenter\'s View defaults: custom templates and local storage shown; default templates, snapshots and hidden objects not', () => {
    expect(DEFAULT_TREE_OPTIONS).toEqual({
      showCustomTemplates: true, showDefaultTemplates: false, showLocalStorage: true, showSnapshots: false, showHidden: false, showNetworks: false,
    });
    const ui = useUi.getState();
    expect({
      showCustomTemplates: ui.showCustomTemplates, showDefaultTemplates: ui.showDefaultTemplates, showLocalStorage: ui.showLocalStorage,
      showSnapshots: ui.showSnapshots, showHidden: ui.showHidden, showNetworks: ui.showNetworks,
    }).toEqual(DEFAULT_TREE_OPTIONS);
    const f = poolFixture().vm('keyonly', 'Vendor template', { is_a_template: true, other_config: { default_template: 'anything' } });
    const every = drawn(f.build());
    expect(every).toContain('My template');
    expect(every).not.toContain('Debian Template');
    expect(every).not.toContain('Vendor template');
    // Options not given (or not booleans) take the defaults.
    expect(drawn(f.build({ showCustomTemplates: undefined }))).toContain('My template');
  });

  it('each template option acts alone; internal templates are never drawn', () => {
    const f = poolFixture().vm('internal', 'Internal', { is_a_template: true, other_config: { xensource_internal: 'true' } });
    expect(drawn(f.build({ showCustomTemplates: false }))).not.toContain('My template');
    const both = drawn(f.build({ showCustomTemplates: false, showDefaultTemplates: true }));
    expect(both).toContain('Debian Template');
    expect(both).not.toContain('My template');
    expect(drawn(f.build({ showDefaultTemplates: true, showHidden: true }))).not.toContain('Internal');
  });

  it('Local Storage off hides SRs of a local type (lvm, ext, udev…), not other unshared SRs', () => {
    const f = new Fixture().pool('P').host('h1', 'one')
      .sr('lvm', 'Local storage', false, ['h1'], { type: 'lvm' })
      .sr('ext', 'Local ext', false, ['h1'], { type: 'ext' })
      .sr('dvd', 'DVD drives', false, ['h1'], { type: 'udev' })
      .sr('nfs', 'NFS', true, ['h1'], { type: 'nfs' })
      .sr('lonely', 'Unshared iSCSI', false, ['h1'], { type: 'lvmoiscsi' });
    expect(names(find(f.build(), 'one')!.children)).toEqual(['DVD drives', 'Local ext', 'Local storage', 'Unshared iSCSI']);
    expect(names(find(f.build({ showLocalStorage: false }), 'one')!.children)).toEqual(['Unshared iSCSI']);
    expect(drawn(f.build({ showLocalStorage: false }))).toContain('NFS');
  });
});

/** Dump class names (data-model spelling) to the store's lowercase names. */
describe('buildInfrastructureTree: a rebuild after a delta', () => {
  /** A copy of the connection's objects under a new map: what a first build (no memo) of the same state draws. */
  const fresh = (o: ConnectionObjects): ConnectionObjects => new Map([...o].map(([cls, m]) => [cls, new Map(m)]));
  const shape = (nodes: TreeNode[]): unknown => nodes.map((n) => [n.id, n.name, n.state, n.description, n.tags, n.folder, shape(n.children)]);
  const opts: TreeOptions = { showSnapshots: true, showDefaultTemplates: true };

  it('keeps the node of every VM whose record did not change; a changed VM gets a new node in its sorted place', () => {
    const f = poolFixture();
    const first = f.build(opts);
    const before = new Map(all(first).filter((n) => n.cls === 'vm').map((n) => [n.ref, n]));
    const vms = f.objects.get('vm')!;
    // A pool-level VM, first by name among its siblings, renamed to come last.
    const poolVm: [string, Rec] = ['affdead', vms.get('affdead')!];
    expect(find(first, 'Pool A')!.children.filter((n) => n.kind === 'vm').map((n) => n.ref)).toEqual(['affdead', 'shared']);
    vms.set(poolVm[0], { ...poolVm[1], name_label: 'ZZZ last now' });
    const second = f.build(opts);
    for (const n of all(second).filter((x) => x.cls === 'vm')) {
      if (n.ref === poolVm[0]) expect(n).not.toBe(before.get(n.ref));
      else if (n.children.length === 0) expect(n).toBe(before.get(n.ref));
    }
    expect(shape(second)).toEqual(shape(f.build.call({ objects: fresh(f.objects) }, opts)));
    const renamed = find(second, 'ZZZ last now')!;
    const siblings = find(second, 'Pool A')!.children.filter((n) => n.kind === 'vm');
    expect(siblings.map((n) => n.ref)).toEqual(['shared', 'affdead']);
    expect(siblings[1]).toBe(renamed);
  });

  it('flattening the updated tree reuses the rows of nodes that kept their place, and makes new ones where the place changed', () => {
    const f = poolFixture();
    const open = () => true;
    const rows1 = flattenTree(f.build(opts), open);
    f.objects.get('vm')!.set('affdead', { ...f.objects.get('vm')!.get('affdead')!, name_label: 'ZZZ last now' });
    const rows2 = flattenTree(f.build(opts), open);
    expect(rows2.map((r) => [r.node.id, r.level, r.posInSet, r.setSize, r.parentId, r.expanded]))
      .toEqual(flattenTree(f.build.call({ objects: fresh(f.objects) }, opts), open).map((r) => [r.node.id, r.level, r.posInSet, r.setSize, r.parentId, r.expanded]));
    const was = new Map(rows1.map((r) => [r.node.id, r]));
    const moved = rows2.find((r) => r.node.name === 'ZZZ last now')!;
    expect(moved).not.toBe(was.get(moved.node.id));
    const kept = rows2.filter((r) => r.node.kind === 'vm' && r.parentId !== moved.parentId && r.node === was.get(r.node.id)?.node);
    expect(kept.length).toBeGreaterThan(0);
    for (const r of kept) expect(r).toBe(was.get(r.node.id));
    // Collapsing a parent: the same node gets a new row, since its state changed.
    const host = rows2.find((r) => r.node.kind === 'host' && r.expanded)!;
    const rows3 = flattenTree(f.build(opts), (n) => n.id !== host.node.id);
    const host3 = rows3.find((r) => r.node.id === host.node.id)!;
    expect(host3.expanded).toBe(false);
    expect(host3).not.toBe(host);
    expect(rows3.some((r) => r.parentId === host.node.id)).toBe(false);
  });

  it('a VM that gains then loses a snapshot shows it, then shows no child (its reused node is never mutated)', () => {
    const f = poolFixture();
    f.build(opts);
    const vm: [string, Rec] = ['aff', f.objects.get('vm')!.get('aff')!];
    f.vm('snap2', 'Snapshot 2', { is_a_snapshot: true, is_a_template: true, snapshot_of: vm[0] });
    const withSnap = f.build(opts);
    const parent = all(withSnap).find((n) => n.ref === vm[0])!;
    expect(names(parent.children)).toEqual(['Snapshot 2']);
    f.objects.get('vm')!.delete('snap2');
    const without = f.build(opts);
    expect(all(without).find((n) => n.ref === vm[0])!.children).toEqual([]);
    expect(parent.children).toHaveLength(1);
  });

  it('after random renames, power changes, migrations, new and deleted VMs, draws what a first build draws', () => {
    const f = poolFixture();
    for (let i = 0; i < 60; i++) f.vm(`v${i}`, `VM ${i}`, i % 3 === 0 ? { power_state: 'Running', resident_on: i % 2 ? 'h1' : 'h2' } : {});
    // Some VMs have snapshots: a change to such a VM keeps them under it.
    for (let i = 0; i < 60; i += 7) f.vm(`s${i}`, `Snap ${i}`, { is_a_snapshot: true, is_a_template: true, snapshot_of: `v${i}` });
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    f.build(opts);
    for (let round = 0; round < 120; round++) {
      const vms = f.objects.get('vm')!;
      for (let k = 0; k < 5; k++) {
        const refs = [...vms.keys()].filter((r) => !vms.get(r)!.is_a_snapshot);
        const ref = refs[rand(refs.length)];
        const rec = vms.get(ref)!;
        const what = rand(round % 4 === 3 ? 10 : 7);
        if (what === 0) vms.set(ref, { ...rec, name_label: `VM ${rand(100)}` });
        else if (what === 1) vms.set(ref, { ...rec, power_state: 'Running', resident_on: rand(2) ? 'h1' : 'h2' });
        else if (what === 2) vms.set(ref, { ...rec, power_state: 'Halted', resident_on: NULL });
        else if (what === 3) f.vm(`new${round}-${k}`, `VM ${rand(100)}`);
        else if (what === 4) vms.set(ref, { ...rec, current_operations: { [`t${round}`]: 'clean_shutdown' } });
        else if (what === 5) vms.set(ref, { ...rec, is_a_template: !rec.is_a_template, tags: [`tag${rand(3)}`] });
        else if (what === 6 && !rec.is_a_template) vms.delete(ref);
        // Now and then what a VM's place depends on: a host's metrics and name, a disk.
        else if (what === 7) f.add('host_metrics', 'h2-m', { ...f.objects.get('host_metrics')!.get('h2-m'), live: rand(2) === 0 });
        else if (what === 8) f.add('host', 'h1', { ...f.objects.get('host')!.get('h1'), name_label: `host ${rand(9)}` });
        else if (what === 9) f.disk(ref, rand(2) ? 'local2' : 'nfs');
      }
      expect(shape(f.build(opts))).toEqual(shape(f.build.call({ objects: fresh(f.objects) }, opts)));
    }
  });
});

function toStoreObjects(dump: Record<string, Record<string, Rec>>): ConnectionObjects {
  const out: ConnectionObjects = new Map();
  for (const [cls, rows] of Object.entries(dump)) out.set(cls.toLowerCase(), new Map(Object.entries(rows)));
  return out;
}

describe.skipIf(!hasSharedDir)('buildInfrastructureTree: real database dumps', async () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  const { loadDump } = await import('../../simulator/index');
  const oc = (r: Rec): Rec => (r.other_config as Rec | undefined) ?? {};
  const isHidden = (r: Rec) => String(oc(r).HideFromXenCenter ?? '').toLowerCase() === 'true';
  const isDefaultTpl = (vm: Rec) => vm.is_a_template === true && vm.is_a_snapshot !== true && 'default_template' in oc(vm);
  const neverDrawnSr = (sr: Rec) => sr.is_tools_sr === true || sr.name_label === 'XenServer Tools' || sr.type === 'local' || sr.type === 'tmpfs';
  const localTypeSr = (sr: Rec) => ['lvm', 'ext', 'udev', 'egeneracd', 'dummy'].includes(String(sr.type));

  /** The dump's records, each host's live flag set by `live` (explicitly: what the dump says is whatever its host last knew). */
  function load(file: string, live: (hostRef: string, host: Rec, coordinator: string) => boolean = () => true): ConnectionObjects {
    const objects = toStoreObjects(loadDump(readFileSync(file, 'utf8')) as Record<string, Record<string, Rec>>);
    const coordinator = String([...(objects.get('pool')?.values() ?? [])][0]?.master);
    if (!objects.has('host_metrics')) objects.set('host_metrics', new Map());
    for (const [ref, h] of objects.get('host') ?? new Map<string, Rec>()) {
      const metrics = objects.get('host_metrics')!;
      const m = metrics.get(String(h.metrics)) ?? {};
      metrics.set(String(h.metrics), { ...m, live: live(ref, h, coordinator) });
    }
    return objects;
  }
  const build = (objects: ConnectionObjects, opts: TreeOptions = {}) => buildInfrastructureTree({ connections: [conn()], objects: new Map([['c1', objects]]), ...opts });
  const drawnCount = (tree: TreeNode[], cls: string, ref: string) => all(tree).filter((n) => n.cls === cls && n.ref === ref).length;
  const recs = (objects: ConnectionObjects, cls: string) => [...(objects.get(cls) ?? new Map<string, Rec>())];

  for (const file of dbDumps) {
    describe(basename(file), () => {
      it('draws every real VM, host and shown SR once; running VMs under their host; snapshots under their VM', () => {
        const objects = load(file);
        const tree = build(objects);
        const nodes = all(tree);
        const vms = objects.get('vm') ?? new Map();
        for (const [ref, vm] of vms) {
          const expected = vm.is_control_domain === true || vm.is_a_snapshot === true || isHidden(vm) || isDefaultTpl(vm) ? 0 : 1;
          expect(drawnCount(tree, 'vm', ref), `VM ${String(vm.name_label)}`).toBe(expected);
        }
        const pool = [...(objects.get('pool')?.values() ?? [])][0];
        expect(pool).toBeDefined();
        const hosts = objects.get('host') ?? new Map();
        if (String(pool.name_label) !== '') {
          expect(tree).toHaveLength(1);
          expect(tree[0].kind).toBe('pool');
          const kinds = tree[0].children.map((c) => c.kind);
          expect(kinds.slice(0, hosts.size).every((k) => k === 'host')).toBe(true);
          expect(kinds.slice(hosts.size)).not.toContain('host');
        } else {
          expect(tree.every((n) => n.kind === 'host')).toBe(true);
        }
        for (const ref of hosts.keys()) expect(drawnCount(tree, 'host', ref)).toBe(1);
        for (const n of nodes.filter((x) => x.kind === 'host')) {
          for (const c of n.children) {
            const vm = c.cls === 'vm' ? vms.get(c.ref) : undefined;
            if (vm && vm.power_state === 'Running' && tree[0].kind === 'pool') expect(vm.resident_on).toBe(n.ref);
          }
        }
        const full = all(build(objects, { showSnapshots: true, showDefaultTemplates: true }));
        expect(full.length).toBeGreaterThan(nodes.length);
        for (const n of full.filter((x) => x.kind === 'snapshot')) {
          const parent = full.find((x) => x.kind === 'vm' && x.ref === String(vms.get(n.ref)?.snapshot_of));
          if (parent) expect(parent.children.map((c) => c.ref)).toContain(n.ref);
        }
        console.log(`${basename(file)}: ${nodes.length} nodes (${full.length} with default templates and snapshots)`);
      });

      it('sorts the coordinator first, then live members by name, then an unreachable member', () => {
        for (const deadMember of [false, true]) {
          const coordinator = String([...load(file).get('pool')!.values()][0].master);
          const hosts = recs(load(file), 'host');
          const others = hosts.filter(([ref]) => ref !== coordinator).map(([ref, h]) => [ref, String(h.name_label)] as const)
            .sort((a, b) => naturalCompare(a[1], b[1]));
          // The first member by name goes down: it must move after the live ones.
          const dead = deadMember ? others[0]?.[0] : undefined;
          const objects = load(file, (ref) => ref !== dead);
          const tree = build(objects);
          const expected = [...others.filter(([ref]) => ref !== dead), ...others.filter(([ref]) => ref === dead)].map(([, n]) => n);
          const drawnHosts = (tree[0].kind === 'pool' ? tree[0].children : tree).filter((n) => n.kind === 'host');
          expect(names(drawnHosts)).toEqual([String(objects.get('host')!.get(coordinator)!.name_label), ...expected]);
          expect(drawnHosts[0].state).toBe('live');
        }
      });

      it('never draws the tools ISO SR nor SRs of type local or tmpfs, whatever the options', () => {
        const objects = load(file);
        const srs = recs(objects, 'sr');
        expect(srs.filter(([, sr]) => neverDrawnSr(sr)).length).toBeGreaterThan(0);
        for (const opts of [{}, { showHidden: true, showLocalStorage: true }]) {
          const tree = build(objects, opts);
          for (const [ref, sr] of srs) {
            const expected = neverDrawnSr(sr) || (!opts.showHidden && isHidden(sr)) ? 0 : 1;
            expect(drawnCount(tree, 'sr', ref), `SR ${String(sr.name_label)} (${String(sr.type)})`).toBe(expected);
          }
        }
      });

      it('does not draw the VMs and local SRs of a host that is not live', () => {
        // The host running the most VMs (else the first) goes down; every other host stays live.
        const probe = load(file);
        const running = (host: string) => recs(probe, 'vm').filter(([, vm]) => vm.power_state === 'Running' && vm.is_control_domain !== true && vm.resident_on === host);
        const [dead] = recs(probe, 'host').map(([ref]) => ref).sort((a, b) => running(b).length - running(a).length);
        const objects = load(file, (ref) => ref !== dead);
        const tree = build(objects, { showSnapshots: true, showHidden: true });
        const deadNode = all(tree).find((n) => n.kind === 'host' && n.ref === dead)!;
        expect(deadNode.state).toBe('dead');
        // In a pool its row is empty; a standalone host's row also holds what would be at pool level.
        if (tree[0].kind === 'pool') expect(deadNode.children).toEqual([]);
        const localSrs = recs(objects, 'sr').filter(([, sr]) => sr.shared !== true && (sr.PBDs as string[]).length === 1
          && objects.get('pbd')?.get((sr.PBDs as string[])[0])?.host === dead);
        expect(localSrs.length).toBeGreaterThan(0);
        for (const [ref] of localSrs) expect(drawnCount(tree, 'sr', ref)).toBe(0);
        for (const [ref] of running(dead)) expect(drawnCount(tree, 'vm', ref)).toBe(0);
        // Running VMs of the live hosts are still drawn.
        for (const [ref, vm] of recs(objects, 'vm')) {
          if (vm.power_state === 'Running' && vm.is_control_domain !== true && vm.resident_on !== dead) expect(drawnCount(tree, 'vm', ref)).toBe(1);
        }
        console.log(`${basename(file)}: host down hides ${running(dead).length} running VMs and ${localSrs.length} local SRs`);
      });

      it('takes the View defaults: custom templates and local SRs drawn, default templates and hidden objects not', () => {
        const objects = load(file);
        // The dumps' only custom templates are hidden (Transfer VM): add one made from a default template.
        const [, base] = recs(objects, 'vm').find(([, vm]) => isDefaultTpl(vm))!;
        const { default_template: _dropped, ...rest } = oc(base);
        objects.get('vm')!.set('OpaqueRef:custom-template', { ...base, name_label: 'My custom template', other_config: rest });
        const tree = build(objects);
        expect(drawnCount(tree, 'vm', 'OpaqueRef:custom-template')).toBe(1);
        expect(all(tree).find((n) => n.ref === 'OpaqueRef:custom-template')!.kind).toBe('template');
        const defaults = recs(objects, 'vm').filter(([, vm]) => isDefaultTpl(vm));
        const hidden = recs(objects, 'vm').filter(([, vm]) => vm.is_a_template === true && isHidden(vm));
        for (const [ref] of [...defaults, ...hidden]) expect(drawnCount(tree, 'vm', ref)).toBe(0);
        const locals = recs(objects, 'sr').filter(([, sr]) => localTypeSr(sr));
        expect(locals.length).toBeGreaterThan(0);
        for (const [ref] of locals) expect(drawnCount(tree, 'sr', ref)).toBe(1);
        // Each option turns its own objects on or off.
        const withDefaults = build(objects, { showDefaultTemplates: true });
        for (const [ref] of defaults) expect(drawnCount(withDefaults, 'vm', ref)).toBe(1);
        const withHidden = build(objects, { showHidden: true });
        for (const [ref] of hidden) expect(drawnCount(withHidden, 'vm', ref)).toBe(1);
        const noLocal = build(objects, { showLocalStorage: false, showCustomTemplates: false });
        for (const [ref] of locals) expect(drawnCount(noLocal, 'sr', ref)).toBe(0);
        expect(drawnCount(noLocal, 'vm', 'OpaqueRef:custom-template')).toBe(0);
      });
    });
  }
});
