// Objects by Type (XenCenter's OrganizationViewObjects): which groups, in which order, under which
// View options, and the order of the rows in each.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { buildInfrastructureTree, type TreeNode, type TreeOptions } from '../../renderer/src/tree/build-tree';
import { buildTypesView } from '../../renderer/src/tree/types-view';
import { xenNaturalCompare } from '../../renderer/src/tree/xen-natural-compare';
import { selectionOf } from '../../renderer/src/tree/selection';
import { ObjectsFixture } from '../support/store-fixtures';

type Rec = Record<string, unknown>;
const NULL = 'OpaqueRef:NULL';

function conn(id: string, status: ConnectionInfo['status'] = 'connected'): ConnectionInfo {
  return { id, url: `https://${id}.example`, hostname: `${id}.example`, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] };
}

class Pool extends ObjectsFixture {
  pool(name: string, master: string): this { return this.add('pool', 'p1', { name_label: name, master, other_config: {} }); }
  host(ref: string, name: string): this {
    this.add('host_metrics', `${ref}-m`, { live: true });
    return this.add('host', ref, { name_label: name, metrics: `${ref}-m`, enabled: true, other_config: {}, PBDs: [] });
  }
  sr(ref: string, name: string, type: string, shared: boolean, hosts: string[]): this {
    const pbds = hosts.map((_, i) => `${ref}-pbd${i}`);
    hosts.forEach((h, i) => this.add('pbd', pbds[i], { host: h, SR: ref, currently_attached: true }));
    return this.add('sr', ref, { name_label: name, type, shared, PBDs: pbds, other_config: {} });
  }
  vm(ref: string, name: string, rec: Rec = {}): this {
    return this.add('vm', ref, {
      name_label: name, power_state: 'Halted', resident_on: NULL, affinity: NULL, VBDs: [], is_a_template: false,
      is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: {}, ...rec,
    });
  }
  template(ref: string, name: string, isDefault: boolean): this {
    return this.vm(ref, name, { is_a_template: true, other_config: isDefault ? { default_template: 'true' } : {} });
  }
  network(ref: string, name: string): this { return this.add('network', ref, { name_label: name, other_config: {}, PIFs: [] }); }
}

function view(pools: Array<[string, Pool]>, opts: TreeOptions = {}, extra: ConnectionInfo[] = []): TreeNode[] {
  const objects = new Map(pools.map(([id, p]) => [id, p.objects]));
  const connections = [...pools.map(([id]) => conn(id)), ...extra];
  return buildTypesView(buildInfrastructureTree({ connections, objects, ...opts }), objects);
}
const groups = (tree: TreeNode[]) => tree[0].children.map((g) => g.name);
const rows = (tree: TreeNode[], group: string) => tree[0].children.find((g) => g.name === group)?.children.map((n) => n.name);

function demo(): Pool {
  return new Pool()
    .pool('Lab', 'h2')
    .host('h1', 'alpha').host('h2', 'zeta').host('h3', 'beta')
    .vm('dom0', 'Control domain on host: alpha', { is_control_domain: true, power_state: 'Running', resident_on: 'h1' })
    .vm('v10', 'vm10').vm('v2', 'vm2').vm('vB', 'VM-b').vm('va', 'vm-a').vm('v1', 'vm1')
    .vm('snap', 'vm2 before upgrade', { is_a_snapshot: true, snapshot_of: 'v2' })
    .template('t-custom', 'My template', false).template('t-def', 'Debian 12', true)
    .sr('nfs', 'NFS store', 'nfs', true, ['h1', 'h2', 'h3'])
    .sr('iso', 'ISO library', 'iso', false, ['h1'])
    .sr('l1', 'Local storage', 'lvm', false, ['h1']).sr('l2', 'Local storage', 'lvm', false, ['h3'])
    .sr('dvd', 'DVD drives', 'udev', false, ['h2'])
    .sr('tools', 'XenServer Tools', 'iso', true, ['h1']).sr('mem', 'memory', 'tmpfs', false, ['h1'])
    .network('n1', 'Pool-wide network 10').network('n0', 'Pool-wide network 9');
}

describe('xenNaturalCompare (StringUtility.NaturalCompare)', () => {
  it('orders digit runs by length, then value; letters without case; a prefix first', () => {
    const sorted = ['vm10', 'VM2', 'vm1', 'vm01', 'vm', 'Vm-b', 'vm-A', 'alpha'].sort(xenNaturalCompare);
    expect(sorted).toEqual(['alpha', 'vm', 'vm-A', 'Vm-b', 'vm1', 'VM2', 'vm01', 'vm10']);
    expect(xenNaturalCompare('Web', 'web')).toBe(0);
    expect(xenNaturalCompare('a9b', 'a10a')).toBeLessThan(0);
    expect(xenNaturalCompare('a', 'a1')).toBeLessThan(0);
  });

  it('agrees with a plain reading of NaturalCompare on random names (the ASCII table is only a speed-up)', () => {
    const chars = new Intl.Collator(undefined, { sensitivity: 'accent' });
    const reference = (a: string, b: string): number => {
      if (chars.compare(a, b) === 0) return 0;
      const ta = a.match(/\d+|\D/gu) ?? [];
      const tb = b.match(/\d+|\D/gu) ?? [];
      for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
        const digits = /^\d/.test(ta[i]) && /^\d/.test(tb[i]);
        const r = digits ? ta[i].length - tb[i].length || (ta[i] < tb[i] ? -1 : ta[i] > tb[i] ? 1 : 0) : chars.compare(ta[i], tb[i]);
        if (r !== 0) return r;
      }
      return ta.length - tb.length;
    };
    const alphabet = 'aAbBzZ019 -_.()éÉ';
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const word = () => Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const [a, b] = [word(), word()];
      expect(Math.sign(xenNaturalCompare(a, b)), `${a} vs ${b}`).toBe(Math.sign(reference(a, b)));
    }
  });
});

describe('buildTypesView', () => {
  it('shows the groups in XenCenter\'s order under one root, with no empty group', () => {
    const tree = view([['c1', demo()]], { showSnapshots: true, showDefaultTemplates: true, showNetworks: true });
    expect(tree).toHaveLength(1);
    expect(tree[0].name).toBe('Objects by Type');
    expect(groups(tree)).toEqual([
      'Pools', 'Servers', 'VMs', 'Snapshots', 'Custom Templates', 'Default Templates',
      'Remote Storage Repositories', 'Local Storage Repositories', 'Networks',
    ]);
    // Group rows stand for no object; every id is unique.
    for (const g of tree[0].children) expect(selectionOf(g)).toEqual([]);
    const ids = tree[0].children.flatMap((g) => [g.id, ...g.children.map((c) => c.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(tree[0].children.find((g) => g.name === 'VMs')!.description).toBe('VMs, 5 objects');
  });

  it('follows the View options: the defaults show no snapshot, default template nor network', () => {
    const d = view([['c1', demo()]]);
    expect(groups(d)).toEqual(['Pools', 'Servers', 'VMs', 'Custom Templates', 'Remote Storage Repositories', 'Local Storage Repositories']);
    expect(groups(view([['c1', demo()]], { showLocalStorage: false, showCustomTemplates: false }))).toEqual(['Pools', 'Servers', 'VMs', 'Remote Storage Repositories']);
    expect(groups(view([['c1', demo()]], { showDefaultTemplates: true }))).toContain('Default Templates');
    // A snapshot is its own group, not under its VM.
    const snaps = view([['c1', demo()]], { showSnapshots: true });
    expect(rows(snaps, 'Snapshots')).toEqual(['vm2 before upgrade']);
    expect(snaps[0].children.find((g) => g.name === 'VMs')!.children.every((n) => n.children.length === 0)).toBe(true);
    // Nothing at all: the root alone says so.
    const none = view([]);
    expect(none[0].children).toEqual([]);
    expect(none[0].description).toBe('No objects');
  });

  it('sorts members naturally and without case; hosts with the coordinator first', () => {
    const tree = view([['c1', demo()]], { showDefaultTemplates: true, showNetworks: true });
    expect(rows(tree, 'VMs')).toEqual(['vm-a', 'VM-b', 'vm1', 'vm2', 'vm10']);
    expect(rows(tree, 'Servers')).toEqual(['zeta', 'alpha', 'beta']);
    expect(rows(tree, 'Custom Templates')).toEqual(['My template']);
    expect(rows(tree, 'Default Templates')).toEqual(['Debian 12']);
    expect(rows(tree, 'Networks')).toEqual(['Pool-wide network 9', 'Pool-wide network 10']);
  });

  it('puts SRs by type (SR.IsLocalSR), not by the shared flag; a server\'s own SR names its server', () => {
    const tree = view([['c1', demo()]]);
    // The unshared ISO SR is remote; lvm and udev are local; the tools SR and tmpfs never show.
    expect(rows(tree, 'Remote Storage Repositories')).toEqual(['ISO library on alpha', 'NFS store']);
    expect(rows(tree, 'Local Storage Repositories')).toEqual(['DVD drives on zeta', 'Local storage on alpha', 'Local storage on beta']);
  });

  it('mixes the connections in one order; a connection that is not connected is a disconnected server', () => {
    const other = new Pool().pool('Prod', 'x1').host('x1', 'aardvark').host('x2', 'yak').vm('w', 'vm3').sr('nfs', 'Another NFS', 'nfs', true, ['x1', 'x2']);
    const tree = view([['c1', demo()], ['c2', other]], {}, [conn('c3', 'failed')]);
    expect(groups(tree)).toEqual(['Pools', 'Servers', 'Disconnected servers', 'VMs', 'Custom Templates', 'Remote Storage Repositories', 'Local Storage Repositories']);
    expect(rows(tree, 'Pools')).toEqual(['Lab', 'Prod']);
    // Host.CompareTo: every coordinator before any member, each by name.
    expect(rows(tree, 'Servers')).toEqual(['aardvark', 'zeta', 'alpha', 'beta', 'yak']);
    expect(rows(tree, 'VMs')).toEqual(['vm-a', 'VM-b', 'vm1', 'vm2', 'vm3', 'vm10']);
    expect(rows(tree, 'Disconnected servers')).toEqual(['c3.example']);
    // The same ref in two pools is two rows with two ids.
    const nfs = tree[0].children.find((g) => g.name === 'Remote Storage Repositories')!.children;
    expect(nfs.map((n) => n.id)).toEqual(['c2|sr|nfs', 'c1|sr|iso', 'c1|sr|nfs']);
  });

  it('keeps a row\'s identity while its Infrastructure node is the same (memoised rows skip rendering)', () => {
    const p = demo();
    const objects = new Map([['c1', p.objects]]);
    const infra = buildInfrastructureTree({ connections: [conn('c1')], objects });
    const a = buildTypesView(infra, objects);
    const b = buildTypesView(infra, objects);
    const leaves = (t: TreeNode[]) => t[0].children.flatMap((g) => g.children);
    leaves(a).forEach((n, i) => expect(leaves(b)[i]).toBe(n));
    // A renamed server: its SRs' rows say the new name.
    p.objects.get('host')!.set('h1', { ...p.objects.get('host')!.get('h1'), name_label: 'alpha-2' });
    const c = buildTypesView(buildInfrastructureTree({ connections: [conn('c1')], objects }), objects);
    expect(rows(c, 'Local Storage Repositories')).toEqual(['DVD drives on zeta', 'Local storage on alpha-2', 'Local storage on beta']);
  });

  it('keeps the Infrastructure ids, so the rows are the same objects', () => {
    const tree = view([['c1', demo()]]);
    const vm2 = tree[0].children.find((g) => g.name === 'VMs')!.children.find((n) => n.name === 'vm2')!;
    expect(vm2.id).toBe('c1|vm|v2');
    expect(selectionOf(vm2)).toEqual([{ connectionId: 'c1', cls: 'vm', ref: 'v2' }]);
  });
});
