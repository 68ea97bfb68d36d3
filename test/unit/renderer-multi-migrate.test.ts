// Migrate to Server… on several VMs (features/migrate/multi-migrate.ts): which server of the pool can
// take which VMs, the cache's rules (shared with the drop) first, then the servers' answers; what each
// server's row says; VMs of several pools refused in one sentence; the command opens the multi dialog.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects } from '../../renderer/src/state/store';
import type { DestinationCheck } from '../../renderer/src/features/migrate/migrate-checks';
import { bestServer, fitWords, pairKey, pairsToAsk, poolServers, serverFits, severalPoolsReason } from '../../renderer/src/features/migrate/multi-migrate';
import { MIGRATE_COMMAND } from '../../renderer/src/features/migrate/commands';
import { commandState, commandTargets } from '../../renderer/src/framework/availability';

type Rec = Record<string, unknown>;
const conn = (id: string, name: string): ConnectionInfo =>
  ({ id, url: `https://${id}`, hostname: id, friendlyName: name, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] });
const vm = (name: string, on: string, ops = ['pool_migrate']): Rec => ({ name_label: name, power_state: 'Running', resident_on: on, allowed_operations: ops, current_operations: {}, is_a_template: false });
const hostRec = (name: string, metrics: string, extra: Rec = {}): Rec => ({ name_label: name, enabled: true, metrics, ...extra });

function world(h3: Rec = {}) {
  const c1: ConnObjects = new Map<string, Map<string, Rec>>([
    ['vm', new Map([['a', vm('a', 'h1')], ['b', vm('b', 'h1')], ['c', vm('c', 'h2')], ['off', { ...vm('off', 'OpaqueRef:NULL', ['start']), power_state: 'Halted' }]])],
    ['host', new Map([['h1', hostRec('h1', 'm1')], ['h2', hostRec('h2', 'm2')], ['h3', hostRec('h3', 'm3', h3)]])],
    ['host_metrics', new Map([['m1', { live: true }], ['m2', { live: true }], ['m3', { live: true }]])],
    ['pool', new Map([['p1', { name_label: 'Pool One', master: 'h1' }]])],
  ]);
  const c2: ConnObjects = new Map<string, Map<string, Rec>>([['vm', new Map([['x', vm('x', 'hx')]])], ['host', new Map([['hx', hostRec('hx', 'mx')]])], ['pool', new Map([['p2', { name_label: 'Pool Two', master: 'hx' }]])]]);
  return { connections: new Map([['c1', conn('c1', 'Pool One')], ['c2', conn('c2', 'Pool Two')]]), objects: new Map([['c1', c1], ['c2', c2]]) };
}
const sel = (...refs: string[]) => refs.map((ref) => ({ connectionId: ref === 'x' ? 'c2' : 'c1', cls: 'vm', ref }));
const ok: DestinationCheck = { state: 'ok' };

describe('which server of the pool takes which of the VMs', () => {
  it('lists every server of the pool by name, those that cannot take VMs too', () => {
    expect(poolServers(world(), 'c1').map((s) => s.name)).toEqual(['h1', 'h2', 'h3']);
  });

  it('asks the servers only about the pairs the cache sees no reason against (the drop rules)', () => {
    const w = world({ enabled: false });
    const pairs = pairsToAsk(w, sel('a', 'b', 'c', 'off'), poolServers(w, 'c1')).map((p) => `${p.vm.ref}>${p.hostRef}`);
    // a and b are on h1, c on h2; h3 is disabled; 'off' is halted: nothing to ask for it.
    expect(pairs).toEqual(['c>h1', 'a>h2', 'b>h2']);
  });

  it('a server takes all, some or none, each VM that stays with its reason; checking until every answer is in', () => {
    const w = world();
    const servers = poolServers(w, 'c1');
    const answers = new Map<string, DestinationCheck>([
      [pairKey('a', 'h3'), ok], [pairKey('b', 'h3'), ok], [pairKey('c', 'h3'), ok],
      [pairKey('a', 'h2'), ok], [pairKey('b', 'h2'), { state: 'refused', reason: 'Not enough free memory', code: 'HOST_NOT_ENOUGH_FREE_MEMORY' }],
      [pairKey('c', 'h1'), { state: 'unchecked' }],
    ]);
    const [h1, h2, h3] = serverFits(w, sel('a', 'b', 'c'), servers, answers);
    expect(h3.going.map((v) => v.ref)).toEqual(['a', 'b', 'c']);
    expect(fitWords(h3)).toBe('can take all 3 VMs');
    expect(h2.going.map((v) => v.ref)).toEqual(['a']);
    expect(h2.vms.map((f) => [f.name, f.state, f.reason])).toEqual([
      ['a', 'ok', undefined], ['b', 'refused', 'Not enough free memory (HOST_NOT_ENOUGH_FREE_MEMORY)'], ['c', 'refused', "'c' is already on h2"],
    ]);
    expect(fitWords(h2)).toBe('can take 1 of the 3 VMs');
    // main may not ask first (another pool's credentials): the VM goes, checked when it migrates.
    expect(h1.going.map((v) => v.ref)).toEqual(['c']);
    expect(bestServer([h1, h2, h3])).toBe('h3');
    // a and b on their own server: said so, not as a refusal.
    const own = serverFits(w, sel('a', 'b'), servers, answers)[0];
    expect(fitWords(own)).toBe('they are all on it already');
    // An answer still to come: the server says so, and none is offered first yet.
    const waiting = serverFits(w, sel('a', 'b', 'c'), servers, new Map());
    expect(fitWords(waiting[2])).toBe('checking…');
    expect(bestServer(waiting)).toBeUndefined();
  });

  it('a server in maintenance takes none, in the words of the drop', () => {
    const w = world({ enabled: false });
    const h3 = serverFits(w, sel('a', 'b'), poolServers(w, 'c1'), new Map())[2];
    expect(h3.going).toEqual([]);
    expect(fitWords(h3)).toBe('none of them: h3 cannot take VMs now: it is not live, or it is in maintenance mode');
    expect(bestServer(serverFits(w, sel('a', 'b'), poolServers(w, 'c1'), new Map([[pairKey('a', 'h2'), ok], [pairKey('b', 'h2'), ok]])))).toBe('h2');
  });

  it('VMs of several pools: one sentence saying it works within one pool', () => {
    expect(severalPoolsReason(world(), sel('a', 'b'))).toBeUndefined();
    expect(severalPoolsReason(world(), sel('a', 'x'))).toBe(
      "Migrate to Server… moves several VMs within one pool, and the selected VMs are in 2 pools ('Pool One', 'Pool Two'). Select VMs of one pool, or migrate a VM to another pool on its own.");
  });
});

describe('the command on several VMs', () => {
  it('is enabled when one of them can move, and opens the multi dialog on those', () => {
    expect(MIGRATE_COMMAND.multiDialog).toBe('migrateVms');
    const w = world();
    expect(commandState(MIGRATE_COMMAND, sel('a', 'off', 'c'), w)).toEqual({ enabled: true });
    expect(commandTargets(MIGRATE_COMMAND, sel('a', 'off', 'c'), w).map((s) => s.ref)).toEqual(['a', 'c']);
  });

  it('greyed with the first VM\'s reason when none can move', () => {
    const st = commandState(MIGRATE_COMMAND, sel('off', 'off'), world());
    expect(st.enabled).toBe(false);
    expect(st.reason).toMatch(/'off'/);
  });
});
