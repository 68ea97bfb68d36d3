// Migrate to Server asks each destination before offering it: which call for which destination,
// and the refusal in words (objects named) and code.
import { describe, expect, it } from 'vitest';
import type { BridgeEvent, RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import type { Bridge } from '../../renderer/src/bridge/types';
import { checkDestination, refusalReason, refusalText } from '../../renderer/src/features/migrate/migrate-checks';
import { createAppStore } from '../../renderer/src/state/store';
import { add, conn } from '../support/store-fixtures';

/** Answers every request with `fail` (an XAPI error), or {} when absent; records what was asked. */
class AnsweringBridge implements Bridge {
  calls: Array<{ channel: string; args: unknown }> = [];
  constructor(private readonly fail?: { code: string; params: string[] }) {}
  async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    this.calls.push({ channel, args });
    if (this.fail) throw Object.assign(new Error(this.fail.code), { ...this.fail, message: '' });
    return {} as RequestResult<C>;
  }
  subscribe(_l: (e: BridgeEvent) => void): () => void { return () => {}; }
}

function store(extraDst: ReturnType<typeof add>[] = []) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [conn('src'), conn('dst')],
    deltas: [
      { connectionId: 'src', reset: true, changes: [
        add('pool', 'OpaqueRef:p', { name_label: 'Lab', uuid: 'lab' }),
        add('host', 'OpaqueRef:h1', { name_label: 'lab-1' }), add('host', 'OpaqueRef:h2', { name_label: 'lab-2' }),
        add('vm', 'OpaqueRef:vm', { name_label: 'web', VBDs: ['OpaqueRef:b'], VIFs: [] }),
        add('vbd', 'OpaqueRef:b', { VDI: 'OpaqueRef:d', type: 'Disk' }), add('vdi', 'OpaqueRef:d', { SR: 'OpaqueRef:local' }),
        add('sr', 'OpaqueRef:local', { name_label: 'Local storage', content_type: 'user', shared: false, PBDs: ['OpaqueRef:pbd'] }),
        add('pbd', 'OpaqueRef:pbd', { host: 'OpaqueRef:h1', SR: 'OpaqueRef:local' }),
      ] },
      { connectionId: 'dst', reset: true, changes: [
        add('pool', 'OpaqueRef:dp', { name_label: 'Other', uuid: 'other' }), add('host', 'OpaqueRef:x1', { name_label: 'other-1' }), ...extraDst,
      ] },
    ],
  });
  return s.getState();
}
const vm = { connectionId: 'src', cls: 'vm', ref: 'OpaqueRef:vm' };

describe('refusal words', () => {
  it('names the object the server names, and keeps the code', () => {
    const names = new Map([['OpaqueRef:local', 'Local storage on lab-1']]);
    const reason = refusalReason({ code: 'VM_REQUIRES_SR', params: ['OpaqueRef:vm', 'OpaqueRef:local'] }, (r) => names.get(r));
    expect(reason).toBe("Cannot see the VM's storage 'Local storage on lab-1'");
    expect(refusalText({ state: 'refused', reason, code: 'VM_REQUIRES_SR' })).toBe("Cannot see the VM's storage 'Local storage on lab-1' (VM_REQUIRES_SR)");
    expect(refusalReason({ code: 'VM_REQUIRES_NETWORK', params: ['OpaqueRef:vm', 'OpaqueRef:gone'] }, () => undefined)).toBe("Not connected to the VM's network");
    expect(refusalReason({ code: 'HOST_NOT_ENOUGH_FREE_MEMORY', params: ['1', '2'] }, () => undefined)).toBe('Not enough free memory');
    // Anything else: the error's documented words.
    expect(refusalReason({ code: 'VM_BAD_POWER_STATE', params: [] }, () => undefined)).toBe('The VM is not in the right power state for this operation');
    expect(refusalText({ state: 'ok' })).toBe('');
  });
});

describe('checkDestination', () => {
  it('a host of the same pool: VM.assert_can_boot_here; its refusal comes back named', async () => {
    const ok = new AnsweringBridge();
    expect(await checkDestination(ok, store(), vm, { connectionId: 'src', ref: 'OpaqueRef:h2', crossPool: false })).toEqual({ state: 'ok' });
    expect(ok.calls).toEqual([{ channel: 'xapi.call', args: { connectionId: 'src', method: 'VM.assert_can_boot_here', args: ['OpaqueRef:vm', 'OpaqueRef:h2'] } }]);
    const no = new AnsweringBridge({ code: 'VM_REQUIRES_SR', params: ['OpaqueRef:vm', 'OpaqueRef:local'] });
    expect(await checkDestination(no, store(), vm, { connectionId: 'src', ref: 'OpaqueRef:h2', crossPool: false }))
      .toEqual({ state: 'refused', reason: "Cannot see the VM's storage 'Local storage on lab-1'", code: 'VM_REQUIRES_SR' });
  });

  it('a host main would have to ask the user about (Electron) is offered, unchecked', async () => {
    const st = store([add('sr', 'OpaqueRef:nfs', { name_label: 'NFS', content_type: 'user', shared: true })]);
    const b = new AnsweringBridge({ code: 'CREDENTIAL_USE_UNCONFIRMED', params: [] });
    expect(await checkDestination(b, st, vm, { connectionId: 'dst', ref: 'OpaqueRef:x1', crossPool: true })).toEqual({ state: 'unchecked' });
  });

  it('a host of another pool with no SR for the disks is refused without asking', async () => {
    const b = new AnsweringBridge();
    expect(await checkDestination(b, store(), vm, { connectionId: 'dst', ref: 'OpaqueRef:x1', crossPool: true }))
      .toEqual({ state: 'refused', reason: 'No storage there this server can use for the disks', code: 'VDI_NOT_IN_MAP' });
    expect(b.calls).toEqual([]);
  });

  it('a host of another pool: main\'s vm.crossPoolMigrateCheck with the default maps', async () => {
    // The destination has a shared SR: the plan is complete, so main is asked.
    const st = store([add('sr', 'OpaqueRef:nfs', { name_label: 'NFS', content_type: 'user', shared: true })]);
    const b = new AnsweringBridge();
    expect(await checkDestination(b, st, vm, { connectionId: 'dst', ref: 'OpaqueRef:x1', crossPool: true })).toEqual({ state: 'ok' });
    expect(b.calls).toEqual([{ channel: 'vm.crossPoolMigrateCheck', args: {
      connectionId: 'src', vmRef: 'OpaqueRef:vm', destConnectionId: 'dst', hostRef: 'OpaqueRef:x1', vdiMap: { 'OpaqueRef:d': 'OpaqueRef:nfs' }, vifMap: {},
    } }]);
  });
});
