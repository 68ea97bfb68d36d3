// Which servers' perfmon is asked to re-read the alerts after a save (XenCenter's PerfmonDefinitionAction,
// VM.Home, SR.GetStorageHost), what its replies mean, and how main reports a server it could not ask:
// a note in words (the save stands), never a failure.
import { describe, expect, it } from 'vitest';
import { perfmonRefreshHosts, refreshReplyProblem, vmHome, type Lookup } from '../../shared/perfmon/refresh';
import { refreshPerfmon } from '../../electron/core/features/object-properties/perfmon-refresh';
import { XapiError } from '../../electron/core/xapi/errors';

type Rec = Record<string, unknown>;
const db: Record<string, Record<string, Rec>> = {
  host: { 'OpaqueRef:h1': { name_label: 'h1', metrics: 'OpaqueRef:m1' }, 'OpaqueRef:h2': { name_label: 'h2', metrics: 'OpaqueRef:m2' } },
  host_metrics: { 'OpaqueRef:m1': { live: true }, 'OpaqueRef:m2': { live: false } },
  sr: {
    'OpaqueRef:local': { shared: false, PBDs: ['OpaqueRef:p-local'] },
    'OpaqueRef:nfs': { shared: true, PBDs: ['OpaqueRef:p1', 'OpaqueRef:p2'] },
  },
  pbd: { 'OpaqueRef:p-local': { host: 'OpaqueRef:h2' }, 'OpaqueRef:p1': { host: 'OpaqueRef:h1' }, 'OpaqueRef:p2': { host: 'OpaqueRef:h2' } },
  vdi: { 'OpaqueRef:d-local': { SR: 'OpaqueRef:local' }, 'OpaqueRef:d-nfs': { SR: 'OpaqueRef:nfs' } },
  vbd: { 'OpaqueRef:b-local': { VDI: 'OpaqueRef:d-local' }, 'OpaqueRef:b-nfs': { VDI: 'OpaqueRef:d-nfs' } },
  vm: {
    'OpaqueRef:running': { power_state: 'Running', resident_on: 'OpaqueRef:h2', VBDs: ['OpaqueRef:b-local'], affinity: 'OpaqueRef:h1' },
    'OpaqueRef:local-disk': { power_state: 'Halted', resident_on: 'OpaqueRef:NULL', VBDs: ['OpaqueRef:b-nfs', 'OpaqueRef:b-local'], affinity: 'OpaqueRef:h1' },
    'OpaqueRef:affine': { power_state: 'Halted', VBDs: ['OpaqueRef:b-nfs'], affinity: 'OpaqueRef:h1' },
    'OpaqueRef:affine-dead': { power_state: 'Halted', VBDs: ['OpaqueRef:b-nfs'], affinity: 'OpaqueRef:h2' },
    'OpaqueRef:template': { is_a_template: true, power_state: 'Halted', affinity: 'OpaqueRef:h1' },
    'OpaqueRef:snap': { is_a_snapshot: true, is_a_template: true, snapshot_of: 'OpaqueRef:running' },
  },
};
const get: Lookup = (cls, ref) => db[cls]?.[ref];

describe('the servers whose perfmon re-reads the alerts', () => {
  it('a VM: where it runs, else the server of its local disks, else its affinity when that server is live (VM.Home)', () => {
    expect(vmHome(get, 'OpaqueRef:running')).toBe('OpaqueRef:h2');
    expect(vmHome(get, 'OpaqueRef:local-disk')).toBe('OpaqueRef:h2');
    expect(vmHome(get, 'OpaqueRef:affine')).toBe('OpaqueRef:h1');
    expect(vmHome(get, 'OpaqueRef:affine-dead')).toBeUndefined();
    expect(vmHome(get, 'OpaqueRef:template')).toBeUndefined();
    expect(vmHome(get, 'OpaqueRef:snap')).toBe('OpaqueRef:h2');
    expect(perfmonRefreshHosts(get, 'VM', 'OpaqueRef:affine-dead')).toEqual([]);
  });
  it('a server itself; an SR each server with a PBD of it', () => {
    expect(perfmonRefreshHosts(get, 'host', 'OpaqueRef:h1')).toEqual(['OpaqueRef:h1']);
    expect(perfmonRefreshHosts(get, 'host', 'OpaqueRef:gone')).toEqual([]);
    expect(perfmonRefreshHosts(get, 'SR', 'OpaqueRef:nfs')).toEqual(['OpaqueRef:h1', 'OpaqueRef:h2']);
    expect(perfmonRefreshHosts(get, 'SR', 'OpaqueRef:local')).toEqual(['OpaqueRef:h2']);
  });
  it('the plugin\'s replies: "True", or its ERROR_<errno> words', () => {
    expect(refreshReplyProblem('True')).toBeUndefined();
    expect(refreshReplyProblem('ERROR_111: Connection refused')).toBe('Connection refused (ERROR_111)');
    expect(refreshReplyProblem('False')).toBe('unexpected reply "False"');
  });
});

describe('main asks them, on the save\'s task', () => {
  const connection = (reply: (host: string) => unknown) => {
    const calls: unknown[][] = [];
    return {
      calls,
      c: {
        cache: { get: (cls: string, ref: string) => get(cls.toLowerCase(), ref) },
        call: async (method: string, args: readonly unknown[]) => { calls.push([method, ...args]); const r = reply(String(args[0])); if (r instanceof Error) throw r; return r; },
      } as unknown as Parameters<typeof refreshPerfmon>[0],
    };
  };
  const steps: string[] = [];
  const task = { step: async (s: string) => { steps.push(s); } };

  it('calls host.call_plugin(host, "perfmon", "refresh", {}) on each server, naming the step; no note when all answered', async () => {
    const { c, calls } = connection(() => 'True');
    expect(await refreshPerfmon(c, task, 'SR', 'OpaqueRef:nfs', 0.5)).toBeUndefined();
    expect(calls).toEqual([['host.call_plugin', 'OpaqueRef:h1', 'perfmon', 'refresh', {}], ['host.call_plugin', 'OpaqueRef:h2', 'perfmon', 'refresh', {}]]);
    expect(steps.slice(-2)).toEqual(["Applying the alerts on 'h1'", "Applying the alerts on 'h2'"]);
  });

  it('a server that refused or whose perfmon is not running: a note in words and code, the others still asked', async () => {
    const { c, calls } = connection((h) => (h === 'OpaqueRef:h1' ? new XapiError('XENAPI_MISSING_PLUGIN', ['perfmon']) : 'ERROR_111: Connection refused'));
    const note = await refreshPerfmon(c, task, 'SR', 'OpaqueRef:nfs', 0.5);
    expect(calls).toHaveLength(2);
    expect(note).toMatch(/^The alerts were saved, but the performance monitor could not be told to apply them at once on 'h1': .+ \(XENAPI_MISSING_PLUGIN\); 'h2': Connection refused \(ERROR_111\)\. They take effect when it next reads its configuration, within 30 minutes\.$/);
  });
});
