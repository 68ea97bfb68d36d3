import { describe, expect, it } from 'vitest';
import { poolCounts } from '../../renderer/src/features/general/pool-counts';
import type { ConnObjects, XRecord } from '../../renderer/src/state/store';

const vm = (over: XRecord = {}): XRecord => ({ is_a_template: false, is_a_snapshot: false, is_control_domain: false, power_state: 'Halted', other_config: {}, ...over });

describe("poolCounts: the pool General tab's totals", () => {
  it('counts the VMs a user sees (no templates, snapshots, control domains or hidden VMs), the running ones, hosts and SRs', () => {
    const vms = new Map<string, XRecord>([
      ['a', vm({ power_state: 'Running' })], ['b', vm()], ['c', vm({ power_state: 'Paused' })],
      ['t', vm({ is_a_template: true })], ['s', vm({ is_a_snapshot: true })], ['d', vm({ is_control_domain: true, power_state: 'Running' })],
      ['h', vm({ power_state: 'Running', other_config: { HideFromXenCenter: 'TRUE' } })],
    ]);
    const objects: ConnObjects = new Map([['vm', vms], ['host', new Map([['h1', {}], ['h2', {}]])], ['sr', new Map([['s1', {}]])]]);
    expect(poolCounts(objects)).toEqual({ hosts: 2, vms: 3, running: 1, srs: 1 });
    // A record replaced by a delta is judged afresh; the others keep their verdict.
    vms.set('b', vm({ power_state: 'Running' }));
    vms.set('a', vm({ power_state: 'Halted' }));
    vms.set('h', vm({ power_state: 'Running', other_config: {} }));
    vms.delete('c');
    expect(poolCounts(objects)).toEqual({ hosts: 2, vms: 3, running: 2, srs: 1 });
    expect(poolCounts(undefined)).toEqual({ hosts: 0, vms: 0, running: 0, srs: 0 });
  });
});
