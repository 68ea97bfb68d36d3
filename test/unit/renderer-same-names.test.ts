// Two pools (or servers) with the same name are told apart in the tree and the pickers by their
// coordinator's name, else the address they were added by (issue 10 item 12).
import { describe, expect, it } from 'vitest';
import type { ObjectChange } from '../../shared/ipc/contract';
import { buildInfrastructureTree } from '../../renderer/src/tree/build-tree';
import { disambiguate } from '../../renderer/src/xapi-model/names';
import { otherPoolHosts } from '../../renderer/src/features/migrate/cross-pool';
import { targetPools } from '../../renderer/src/features/pool-membership/commands';
import { createAppStore } from '../../renderer/src/state/store';
import { add, conn } from '../support/store-fixtures';

const pool = (id: string, name: string, coordinator: string): ObjectChange[] => [
  add('pool', `OpaqueRef:${id}-p`, { name_label: name, uuid: `${id}-uuid`, master: `OpaqueRef:${id}-h` }),
  add('host', `OpaqueRef:${id}-h`, { name_label: coordinator, enabled: true, metrics: `OpaqueRef:${id}-m` }),
  add('host_metrics', `OpaqueRef:${id}-m`, { live: true }),
  add('host', `OpaqueRef:${id}-h2`, { name_label: `${coordinator}-b`, enabled: true, metrics: `OpaqueRef:${id}-m2` }),
  add('host_metrics', `OpaqueRef:${id}-m2`, { live: true }),
];

function store(pools: Record<string, ObjectChange[]>) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: Object.keys(pools).map((id) => conn(id)),
    deltas: Object.entries(pools).map(([id, changes]) => ({ connectionId: id, reset: true, changes })),
  });
  return s.getState();
}

describe('disambiguate', () => {
  it('leaves unique names, adds the first extra that tells repeats apart', () => {
    const out = disambiguate([
      { key: 'a', name: 'Demo Pool', extras: ['xcp-host-01', '10.0.0.1'] },
      { key: 'b', name: 'Demo Pool', extras: ['xcp-host-01', '10.0.0.2'] },
      { key: 'c', name: 'Lab', extras: ['lab-1', '10.0.0.3'] },
      { key: 'd', name: 'Prod', extras: ['p-1'] },
      { key: 'e', name: 'Prod', extras: ['p-2'] },
    ]);
    expect(Object.fromEntries(out)).toEqual({
      a: 'Demo Pool (10.0.0.1)', b: 'Demo Pool (10.0.0.2)', c: 'Lab', d: 'Prod (p-1)', e: 'Prod (p-2)',
    });
  });
});

describe('two pools named alike', () => {
  const s = store({ one: pool('one', 'Demo Pool', 'xcp-host-01'), two: pool('two', 'Demo Pool', 'alpha-01'), lab: pool('lab', 'Lab', 'lab-01') });

  it('the tree\'s top-level nodes carry their coordinator', () => {
    const tree = buildInfrastructureTree({ connections: [...s.connections.values()], objects: s.objects });
    expect(tree.map((n) => n.name)).toEqual(['Demo Pool (xcp-host-01)', 'Demo Pool (alpha-01)', 'Lab']);
  });

  it('so do the Migrate to Server and Add Server to Pool pickers', () => {
    const vm = { connectionId: 'lab', cls: 'vm', ref: 'OpaqueRef:vm' };
    expect(otherPoolHosts(s, vm).map((g) => g.poolName)).toEqual(['Demo Pool (alpha-01)', 'Demo Pool (xcp-host-01)']);
    expect(targetPools(s).map((p) => p.name)).toEqual(['Demo Pool (alpha-01)', 'Demo Pool (xcp-host-01)', 'Lab']);
  });

  it('same coordinator names too: the address the connection was made to', () => {
    const t = store({ one: pool('one', 'Demo Pool', 'xcp-host-01'), two: pool('two', 'Demo Pool', 'xcp-host-01') });
    const tree = buildInfrastructureTree({ connections: [...t.connections.values()], objects: t.objects });
    expect(tree.map((n) => n.name)).toEqual(['Demo Pool (one)', 'Demo Pool (two)']);
  });
});
