import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import {
  buildInfrastructureTree, findMovedRow, flattenTree, naturalCompare, type ConnectionObjects, type TreeNode,
} from '../../renderer/src/tree/build-tree';
import { dbDumps, hasSharedDir, sharedSkipReason } from '../support/shared-dir';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

function conn(id = 'c1', status: ConnectionInfo['status'] = 'connected', extra: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return { id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [], ...extra };
}

class Fixture {
  objects: ConnectionObjects = new Map();
  add(cls: string, ref: string, rec: Rec): this {
    let m = this.objects.get(cls);
    if (!m) { m = new Map(); this.objects.set(cls, m); }
    m.set(ref, rec);
    return this;
  }
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
  build(opts: { showTemplates?: boolean; showSnapshots?: boolean; showHidden?: boolean; showNetworks?: boolean } = {}): TreeNode[] {
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
  it('draws a pool node holding hosts, then pool-level VMs, then SRs', () => {
    const [pool, ...rest] = poolFixture().build();
    expect(rest).toEqual([]);
    expect(pool.kind).toBe('pool');
    expect(pool.name).toBe('Pool A');
    expect(names(pool.children)).toEqual(['host 1', 'host 2', 'host 3', 'Affinity dead', 'Halted shared', 'ISO unshared two PBDs', 'NFS']);
    expect(pool.children.map((c) => c.kind)).toEqual(['host', 'host', 'host', 'vm', 'vm', 'sr', 'sr']);
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

  it('hides control domains, snapshots, templates and HideFromXenCenter objects by default', () => {
    const every = names(all(poolFixture().build()));
    for (const hidden of ['Control domain on host 1', 'My template', 'Debian Template', 'Snapshot of shared', 'Hidden VM']) {
      expect(every).not.toContain(hidden);
    }
  });

  it('shows templates at pool level (custom before default) when asked, snapshots under their VM', () => {
    const tree = poolFixture().build({ showTemplates: true, showSnapshots: true });
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

  it('draws one top-level entry per connection, in order', () => {
    const a = poolFixture().objects;
    const b = new Fixture().pool('').host('x', 'standalone').objects;
    const tree = buildInfrastructureTree({ connections: [conn('c1'), conn('c2'), conn('c3', 'connecting')], objects: new Map([['c1', a], ['c2', b]]) });
    expect(tree.map((n) => n.kind)).toEqual(['pool', 'host', 'connection']);
    expect(new Set(all(tree).map((n) => n.id)).size).toBe(all(tree).length);
  });

  it('follows a vanished selection: the same object elsewhere, else the same uuid in another connection', () => {
    // c1: a pool whose h1 runs "web"; c2: a standalone server that holds a VM of the same uuid as "db".
    const a = new Fixture().pool('Lab').host('h1', 'one').host('h2', 'two')
      .vm('v1', 'web', { power_state: 'Running', resident_on: 'h1', uuid: 'u-web' }).vm('v2', 'db', { uuid: 'u-db' }).objects;
    const b = new Fixture().pool('').host('x', 'lone').vm('w9', 'db', { uuid: 'u-db' }).add('host', 'x', { name_label: 'lone', uuid: 'u-lone', metrics: 'x-m', enabled: true }).objects;
    const objects = new Map([['c1', a], ['c2', b]]);
    const rows = flattenTree(buildInfrastructureTree({ connections: [conn('c1'), conn('c2')], objects }), () => true);
    // "web" moved from pool level to h1: found by its ref.
    expect(findMovedRow(rows, objects, 'c1|vm|v1', 'u-web')?.node.id).toBe('c1|vm|v1');
    // Gone from c1 (migrated to another pool): found by uuid in c2; without the uuid, nothing.
    expect(findMovedRow(rows, objects, 'c1|vm|gone', 'u-db')?.node.id).toBe('c2|vm|w9');
    expect(findMovedRow(rows, objects, 'c1|vm|gone', undefined)).toBeUndefined();
    // A host that joined a pool: the uuid matches a host, never a VM of that uuid.
    expect(findMovedRow(rows, objects, 'c9|host|old', 'u-lone')?.node.id).toBe('c2|host|x');
    expect(findMovedRow(rows, objects, 'c9|host|old', 'u-db')).toBeUndefined();
  });

  it('flattens with levels, set sizes and positions', () => {
    const tree = poolFixture().build();
    const rows = flattenTree(tree, (n) => n.kind === 'pool');
    expect(rows[0]).toMatchObject({ level: 1, setSize: 1, posInSet: 1, expanded: true, parentId: null });
    expect(rows[1]).toMatchObject({ level: 2, setSize: tree[0].children.length, posInSet: 1, expanded: false, parentId: tree[0].id });
    expect(rows).toHaveLength(1 + tree[0].children.length);
  });
});

/** Dump class names (data-model spelling) to the store's lowercase names. */
function toStoreObjects(dump: Record<string, Record<string, Rec>>): ConnectionObjects {
  const out: ConnectionObjects = new Map();
  for (const [cls, rows] of Object.entries(dump)) out.set(cls.toLowerCase(), new Map(Object.entries(rows)));
  return out;
}

describe.skipIf(!hasSharedDir)('buildInfrastructureTree: real database dumps', async () => {
  if (!hasSharedDir) console.log(sharedSkipReason);
  const { loadDump } = await import('../../simulator/index');
  for (const file of dbDumps) {
    it(basename(file), () => {
      const objects = toStoreObjects(loadDump(readFileSync(file, 'utf8')) as Record<string, Record<string, Rec>>);
      const tree = buildInfrastructureTree({ connections: [conn()], objects: new Map([['c1', objects]]) });
      const nodes = all(tree);
      const vms = objects.get('vm') ?? new Map();
      const counts = new Map<string, number>();
      for (const n of nodes) if (n.cls === 'vm') counts.set(n.ref, (counts.get(n.ref) ?? 0) + 1);
      for (const [ref, vm] of vms) {
        const hidden = String((vm.other_config as Rec | undefined)?.HideFromXenCenter ?? '').toLowerCase() === 'true';
        if (vm.is_control_domain === true) expect(counts.get(ref), `control domain ${ref}`).toBeUndefined();
        else if (vm.is_a_template === true || vm.is_a_snapshot === true || hidden) expect(counts.get(ref)).toBeUndefined();
        else expect(counts.get(ref), `VM ${String(vm.name_label)}`).toBe(1);
      }
      const pool = [...(objects.get('pool')?.values() ?? [])][0];
      expect(pool).toBeDefined();
      const hosts = objects.get('host') ?? new Map();
      if (String(pool.name_label) !== '') {
        expect(tree).toHaveLength(1);
        expect(tree[0].kind).toBe('pool');
        const kinds = tree[0].children.map((c) => c.kind);
        const firstNonHost = kinds.findIndex((k) => k !== 'host');
        expect(kinds.slice(0, hosts.size).every((k) => k === 'host')).toBe(true);
        if (firstNonHost >= 0) expect(kinds.slice(firstNonHost)).not.toContain('host');
      } else {
        expect(tree.every((n) => n.kind === 'host')).toBe(true);
      }
      // Every host and every SR appears exactly once.
      for (const ref of hosts.keys()) expect(nodes.filter((n) => n.cls === 'host' && n.ref === ref)).toHaveLength(1);
      for (const [ref, sr] of objects.get('sr') ?? new Map()) {
        const hidden = String((sr.other_config as Rec | undefined)?.HideFromXenCenter ?? '').toLowerCase() === 'true';
        expect(nodes.filter((n) => n.cls === 'sr' && n.ref === ref)).toHaveLength(hidden ? 0 : 1);
      }
      // A running VM sits under its resident host.
      for (const n of nodes.filter((x) => x.kind === 'host')) {
        for (const c of n.children) {
          const vm = c.cls === 'vm' ? vms.get(c.ref) : undefined;
          if (vm && vm.power_state === 'Running' && hosts.has(String(vm.resident_on)) && (tree[0].kind === 'pool')) expect(vm.resident_on).toBe(n.ref);
        }
      }
      // With everything shown, snapshots appear under their VM when it exists.
      const full = all(buildInfrastructureTree({ connections: [conn()], objects: new Map([['c1', objects]]), showSnapshots: true, showTemplates: true }));
      expect(full.length).toBeGreaterThanOrEqual(nodes.length);
      for (const n of full.filter((x) => x.kind === 'snapshot')) {
        const parentRef = String(vms.get(n.ref)?.snapshot_of);
        const parent = full.find((x) => x.kind === 'vm' && x.ref === parentRef);
        if (parent) expect(parent.children.map((c) => c.ref)).toContain(n.ref);
      }
      console.log(`${basename(file)}: ${nodes.length} nodes (${full.length} with templates and snapshots)`);
    });
  }
});
