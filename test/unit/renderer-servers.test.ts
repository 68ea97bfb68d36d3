// Server commands per connection status, the connection status texts (countdown included), the
// certificate prompt queue and fingerprint grouping.
import { describe, expect, it } from 'vitest';
import type { BridgeEvent, CertificatePrompt, ConnectionInfo, ConnectionStatus, RequestArgs, RequestChannel, RequestResult } from '../../shared/ipc/contract';
import { BridgeError, type Bridge } from '../../renderer/src/bridge/types';
import { contextMenuGroups } from '../../renderer/src/app/menu-model';
import { runCommand } from '../../renderer/src/framework/run-command';
import { type ServerDialogRequest } from '../../renderer/src/framework/command';
import { CONNECT_ALL, DISCONNECT, DISCONNECT_ALL, FORGET, RECONNECT, RECONNECT_AS } from '../../renderer/src/features/servers/commands';
import { createAppStore } from '../../renderer/src/state/store';
import {
  certificateValidity, connectionBadge, connectionStatusLine, connectionsSummary, countdownText, groupFingerprint,
} from '../../renderer/src/xapi-model/connection-status';
import { applyTrustEvent, enqueuePrompt, removePrompt, useTrust } from '../../renderer/src/state/trust';
import { importNotice } from '../../renderer/src/features/servers/server-list';
import { mainPasswordProblem } from '../../renderer/src/features/servers/ServerDialogs';
import { buildInfrastructureTree } from '../../renderer/src/tree/build-tree';
import { errorText } from '../../renderer/src/xapi-model/errors';

const conn = (id: string, status: ConnectionStatus, extra: Partial<ConnectionInfo> = {}): ConnectionInfo => ({
  id, url: `https://${id}`, hostname: id, user: 'root', status, saved: true, hasStoredPassword: true, poolMembers: [], ...extra,
});

function storeWith(...cs: ConnectionInfo[]) {
  const store = createAppStore();
  store.getState().applySnapshot({ connections: cs, deltas: [] });
  return store;
}
const sel = (...ids: string[]) => ids.map((id) => ({ connectionId: id, cls: 'connection', ref: id }));

class RecordingBridge implements Bridge {
  calls: Array<{ channel: string; args: unknown }> = [];
  /** connectionIds whose reconnect fails with PASSWORD_NEEDED. */
  noPassword = new Set<string>();
  async request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>> {
    this.calls.push({ channel, args });
    const id = (args as { connectionId?: string }).connectionId;
    if (channel === 'servers.reconnect' && id && this.noPassword.has(id)) {
      throw new BridgeError({ code: 'PASSWORD_NEEDED', params: [id], message: `Password needed: root on ${id} cannot be connected because no password is stored for it.` });
    }
    return null as RequestResult<C>;
  }
  subscribe(_l: (e: BridgeEvent) => void): () => void { return () => {}; }
}

const ALL: ConnectionStatus[] = ['connecting', 'connected', 'reconnecting', 'disconnected', 'failed'];

describe('server commands: enabled exactly when they apply', () => {
  it.each(ALL)('status %s', (status) => {
    const s = storeWith(conn('a', status)).getState();
    const live = status === 'connected' || status === 'connecting' || status === 'reconnecting';
    expect(DISCONNECT.canExecute(sel('a'), s)).toBe(live);
    expect(RECONNECT.canExecute(sel('a'), s)).toBe(!live);
    expect(RECONNECT_AS.canExecute(sel('a'), s)).toBe(true);
    expect(FORGET.canExecute(sel('a'), s)).toBe(true);
    expect(CONNECT_ALL.canExecute([], s)).toBe(!live);
    expect(DISCONNECT_ALL.canExecute([], s)).toBe(live);
  });

  it('nothing selected, a VM selected, or an unknown connection: the per-server commands are off', () => {
    const s = storeWith(conn('a', 'disconnected')).getState();
    for (const c of [DISCONNECT, RECONNECT, RECONNECT_AS, FORGET]) {
      expect(c.canExecute([], s)).toBe(false);
      expect(c.canExecute([{ connectionId: 'a', cls: 'vm', ref: 'OpaqueRef:v' }], s)).toBe(false);
      expect(c.canExecute(sel('zz'), s)).toBe(false);
    }
  });

  it('a mixed selection: Reconnect needs every server down, Disconnect every server up; Reconnect As one server', () => {
    const s = storeWith(conn('a', 'connected'), conn('b', 'failed')).getState();
    expect(RECONNECT.canExecute(sel('a', 'b'), s)).toBe(false);
    expect(DISCONNECT.canExecute(sel('a', 'b'), s)).toBe(false);
    expect(RECONNECT_AS.canExecute(sel('a', 'b'), s)).toBe(false);
    expect(FORGET.canExecute(sel('a', 'b'), s)).toBe(true);
    expect(CONNECT_ALL.canExecute([], s)).toBe(true);
    expect(DISCONNECT_ALL.canExecute([], s)).toBe(true);
  });

  it('pool and host nodes stand for their connection; the context menu is the server menu', () => {
    const s = storeWith(conn('a', 'connected')).getState();
    expect(DISCONNECT.canExecute([{ connectionId: 'a', cls: 'pool', ref: 'OpaqueRef:p' }], s)).toBe(true);
    const groups = contextMenuGroups([{ connectionId: 'a', cls: 'host', ref: 'OpaqueRef:h' }]).map((g) => g.map((c) => c.label));
    const server = groups.findIndex((g) => g[0] === 'Reconnect');
    const all = groups.findIndex((g) => g[0] === 'Connect All');
    expect(groups[server]).toEqual(['Reconnect', 'Disconnect', 'Reconnect As…', 'Forget']);
    expect(groups[all]).toEqual(['Connect All', 'Disconnect All']);
    expect(server).toBeLessThan(all);
  });

  it('Reconnect of a server main has no password for (PASSWORD_NEEDED) opens the password prompt, not an alert', async () => {
    const store = storeWith(conn('a', 'disconnected', { hasStoredPassword: false }), conn('b', 'failed'));
    const bridge = new RecordingBridge();
    bridge.noPassword.add('a');
    const dialogs: ServerDialogRequest[] = [];
    const alerts: string[] = [];
    await runCommand(RECONNECT, sel('a'), bridge, store, (m) => alerts.push(m), (d) => dialogs.push(d));
    expect(dialogs).toEqual([{ kind: 'password', connectionIds: ['a'] }]);
    expect(alerts).toEqual([]);
    await runCommand(RECONNECT, sel('b'), bridge, store, (m) => alerts.push(m), (d) => dialogs.push(d));
    expect(bridge.calls).toEqual([{ channel: 'servers.reconnect', args: { connectionId: 'a' } }, { channel: 'servers.reconnect', args: { connectionId: 'b' } }]);
    expect(dialogs).toHaveLength(1);
  });

  it('Forget and Reconnect As open their dialogs; Disconnect All / Connect All call main once', async () => {
    const store = storeWith(conn('a', 'connected'), conn('b', 'disconnected'));
    const bridge = new RecordingBridge();
    const dialogs: ServerDialogRequest[] = [];
    await runCommand(FORGET, sel('a'), bridge, store, () => {}, (d) => dialogs.push(d));
    await runCommand(RECONNECT_AS, sel('b'), bridge, store, () => {}, (d) => dialogs.push(d));
    expect(dialogs).toEqual([{ kind: 'forget', connectionIds: ['a'] }, { kind: 'reconnectAs', connectionIds: ['b'] }]);
    await runCommand(DISCONNECT_ALL, [], bridge, store, () => {});
    await runCommand(CONNECT_ALL, [], bridge, store, () => {});
    await runCommand(DISCONNECT, sel('a'), bridge, store, () => {});
    expect(bridge.calls.map((c) => c.channel)).toEqual(['servers.disconnectAll', 'servers.connectAll', 'servers.disconnect']);
  });
});

describe('connection status texts', () => {
  const now = 1_000_000;
  it('counts down in whole seconds, then "now"', () => {
    expect(countdownText(now + 12_000, now)).toBe('Reconnecting in 12 s');
    expect(countdownText(now + 11_001, now)).toBe('Reconnecting in 12 s');
    expect(countdownText(now + 1, now)).toBe('Reconnecting in 1 s');
    expect(countdownText(now, now)).toBe('Reconnecting now…');
    expect(countdownText(now - 5000, now)).toBe('Reconnecting now…');
    expect(countdownText(now + 5 * 60_000, now)).toBe('Reconnecting in 5 min');
    expect(countdownText(undefined, now)).toBe('Reconnecting…');
  });

  it('reconnecting: the countdown and why the connection was lost', () => {
    const c = conn('a', 'reconnecting', { nextAttemptAt: now + 12_000, error: { code: 'CONNECTION_LOST', params: [], message: 'The server closed the connection' } });
    expect(connectionStatusLine(c, now)).toBe('Reconnecting in 12 s (connection lost: The server closed the connection (CONNECTION_LOST))');
    expect(connectionBadge(c, now)).toBe('Reconnecting in 12 s');
    expect(connectionStatusLine(c, now + 12_000)).toMatch(/^Reconnecting now…/);
  });

  it('failed: words and code; connecting; disconnected; password needed; locked', () => {
    const failed = conn('a', 'failed', { error: { code: 'SESSION_AUTHENTICATION_FAILED', params: [], message: '' } });
    expect(connectionStatusLine(failed, now)).toBe('Failed: The user name or password is incorrect (SESSION_AUTHENTICATION_FAILED)');
    expect(connectionBadge(failed, now)).toBe('Failed');
    expect(connectionStatusLine(conn('a', 'connecting'), now)).toBe('Connecting…');
    expect(connectionStatusLine(conn('a', 'disconnected'), now)).toBe('Disconnected');
    expect(connectionBadge(conn('a', 'disconnected', { hasStoredPassword: false }), now)).toBe('Password needed');
    expect(connectionBadge(conn('a', 'disconnected', { saved: false, hasStoredPassword: false }), now)).toBe('Disconnected');
    expect(connectionBadge(conn('a', 'disconnected'), now, 'main-password-locked')).toBe('Locked');
    expect(connectionStatusLine(conn('a', 'disconnected'), now, 'main-password-locked')).toMatch(/^Password needed: stored passwords are locked/);
    expect(connectionBadge(conn('a', 'connected'), now)).toBe('');
    const pn = conn('a', 'failed', { hasStoredPassword: false, error: { code: 'PASSWORD_NEEDED', params: ['a'], message: 'Password needed: root on a cannot be connected because no password is stored for it.' } });
    expect(connectionBadge(pn, now)).toBe('Password needed');
    expect(connectionStatusLine(pn, now)).toBe('Password needed: root on a cannot be connected because no password is stored for it. (PASSWORD_NEEDED)');
    expect(connectionBadge({ ...pn, hasStoredPassword: true }, now, 'main-password-locked')).toBe('Locked');
  });

  it('the status bar summary counts each state', () => {
    expect(connectionsSummary([])).toBe('Not connected');
    expect(connectionsSummary([conn('a', 'connected'), conn('b', 'reconnecting')])).toBe('2 servers: 1 connected, 1 reconnecting');
    expect(connectionsSummary([conn('a', 'failed')])).toBe('1 server: 1 failed');
  });

  it('a disconnected saved server is a top-level node named by its friendly name, else its host name', () => {
    const tree = buildInfrastructureTree({ connections: [conn('a', 'disconnected', { friendlyName: 'Lab <b>pool</b>' }), conn('b', 'disconnected')], objects: new Map() });
    expect(tree.map((n) => [n.kind, n.name, n.state])).toEqual([['connection', 'Lab <b>pool</b>', 'disconnected'], ['connection', 'b', 'disconnected']]);
  });
});

describe('certificates', () => {
  const fp = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const prompt = (id: string, kind: 'new' | 'changed' = 'new'): CertificatePrompt => ({
    promptId: id, kind, certificate: { host: 'h:443', fingerprintSha256: fp, subject: 'CN=h', issuer: 'CN=h', validFrom: '2020-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z' },
  });

  it('groups a SHA-256 fingerprint in 4 groups of 8 pairs that join back to it exactly', () => {
    const g = groupFingerprint(fp);
    expect(g).toHaveLength(4);
    expect(g[0]).toBe('00:01:02:03:04:05:06:07');
    expect(g.join(':')).toBe(fp);
    expect(groupFingerprint('ab:cd', 8)).toEqual(['AB:CD']);
  });

  it('validity: expired, not yet valid, valid', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    expect(certificateValidity('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z', now)).toBe('valid');
    expect(certificateValidity('2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', now)).toBe('expired');
    expect(certificateValidity('2026-01-01T00:00:00Z', '2030-01-01T00:00:00Z', now)).toBe('not-yet-valid');
    expect(certificateValidity('junk', 'junk', now)).toBe('valid');
  });

  it('prompts queue in order, one at a time; a repeated id replaces; close removes the matching one', () => {
    let q = enqueuePrompt([], prompt('1'));
    q = enqueuePrompt(q, prompt('2'));
    q = enqueuePrompt(q, prompt('1', 'changed'));
    expect(q.map((p) => [p.promptId, p.kind])).toEqual([['1', 'changed'], ['2', 'new']]);
    q = removePrompt(q, '1');
    expect(q.map((p) => p.promptId)).toEqual(['2']);
    expect(removePrompt(q, 'nope')).toEqual(q);
  });

  it('certificate.prompt / promptClosed / settings.status events drive the trust store', () => {
    applyTrustEvent({ channel: 'certificate.prompt', payload: prompt('a') });
    applyTrustEvent({ channel: 'certificate.prompt', payload: prompt('b', 'changed') });
    expect(useTrust.getState().prompts.map((p) => p.promptId)).toEqual(['a', 'b']);
    applyTrustEvent({ channel: 'certificate.promptClosed', payload: { promptId: 'a' } });
    expect(useTrust.getState().prompts.map((p) => p.promptId)).toEqual(['b']);
    applyTrustEvent({ channel: 'settings.status', payload: { passwordStorage: 'main-password-locked' } });
    expect(useTrust.getState().settings).toEqual({ passwordStorage: 'main-password-locked' });
    applyTrustEvent({ channel: 'cache.delta', payload: { connectionId: 'x', reset: false, changes: [] } });
    expect(useTrust.getState().prompts).toHaveLength(1);
  });
});

describe('errors during a fault', () => {
  it('a request whose outcome is unknown is shown with main\'s full words and its code, even for a known XAPI code', () => {
    const message = "The connection was lost before the server answered; the action may or may not have run. Check the object's state before retrying. (socket hang up)";
    expect(errorText({ code: 'CONNECTION_LOST', params: [], message })).toBe(`${message} (CONNECTION_LOST)`);
    expect(errorText({ code: 'VM_BAD_POWER_STATE', params: [], message })).toBe(`${message} (VM_BAD_POWER_STATE)`);
    expect(errorText({ code: 'VM_BAD_POWER_STATE', params: [], message: 'VM_BAD_POWER_STATE' })).toBe('The VM is not in the right power state for this operation (VM_BAD_POWER_STATE)');
    // Codes the data model leaves undocumented: our words, the server's message, else the code as words.
    expect(errorText({ code: 'JOINING_HOST_CANNOT_HAVE_RUNNING_VMS', params: [], message: '' })).toBe('The server joining the pool cannot have any running VMs (JOINING_HOST_CANNOT_HAVE_RUNNING_VMS)');
    expect(errorText({ code: 'VDI_IO_ERROR', params: [], message: 'Device I/O errors' })).toBe('Device I/O errors (VDI_IO_ERROR)');
    expect(errorText({ code: 'VDI_IO_ERROR', params: [], message: '' })).toBe('VDI IO error (VDI_IO_ERROR)');
    expect(errorText({ code: 'TLS_VERIFICATION_ENABLE_IN_PROGRESS', params: [], message: '' })).toBe('TLS verification enable in progress (TLS_VERIFICATION_ENABLE_IN_PROGRESS)');
  });
});

describe('server list and main password', () => {
  it('import notice', () => {
    expect(importNotice({ added: 2, skipped: 1 })).toBe('Imported 2 servers (1 already in the list)');
    expect(importNotice({ added: 1, skipped: 0 })).toBe('Imported 1 server');
  });
  it('main password: at least 8 characters, confirmed', () => {
    expect(mainPasswordProblem('short', 'short')).toMatch(/at least 8/);
    expect(mainPasswordProblem('longenough', 'different')).toMatch(/do not match/);
    expect(mainPasswordProblem('longenough', 'longenough')).toBeNull();
  });
});
