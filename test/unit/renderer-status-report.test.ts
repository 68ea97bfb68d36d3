// Server Status Report (features/status-report and main's capability parsing): the capabilities read
// as XenCenter reads them, the estimates and totals of what is checked, the defaults, the servers that
// can report, the zip's default name, and main's argument checks.
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import type { ConnObjects, StoreView } from '../../renderer/src/state/store';
import { parseCapabilities } from '../../electron/core/features/status-report/capabilities';
import { hostEntryName } from '../../electron/core/features/status-report/collector';
import { STATUS_REPORT_VALIDATORS, statusReportFileNameProblem } from '../../shared/ipc/areas/status-report';
import {
  capabilityName, common, defaultChecked, defaultFileName, reportableServers, sizeEstimate, timeEstimate, totals,
} from '../../renderer/src/features/status-report/report-model';

const XML = `<?xml version="1.0" ?>
<system-status-capabilities>
  <capability content-type="text/plain" default-checked="yes" key="xenserver-logs" max-size="-1" max-time="-1" min-size="-1" min-time="-1" pii="maybe" />
  <capability content-type="text/plain" default-checked="no" key="persistent-stats" max-size="50331648" max-time="30" min-size="1048576" min-time="5" pii="maybe" />
  <capability content-type="application/data" default-checked="yes" key="boot-loader" max-size="102400" max-time="-1" min-size="-1" min-time="-1" pii="no" />
  <capability content-type="text/plain" default-checked="yes" key="network-config" max-size="-1" max-time="-1" min-size="-1" min-time="-1" pii="if_customized" />
  <capability content-type="text/plain" default-checked="yes" key="CVSM" max-size="-1" max-time="-1" min-size="-1" min-time="-1" pii="no" />
  <capability content-type='text/plain' default-checked='no' key='my-&amp;-cap' pii='yes' max-size='oops'/>
</system-status-capabilities>`;

describe('the capabilities (host.get_system_status_capabilities)', () => {
  const caps = parseCapabilities(XML);
  it('reads each capability\'s attributes; CVSM is skipped; pii other than yes/no/maybe is "customized"; unreadable numbers are -1', () => {
    expect(caps.map((c) => c.key)).toEqual(['xenserver-logs', 'persistent-stats', 'boot-loader', 'network-config', 'my-&-cap']);
    expect(caps[1]).toEqual({ key: 'persistent-stats', contentType: 'text/plain', defaultChecked: false, minSize: 1048576, maxSize: 50331648, minTime: 5, maxTime: 30, pii: 'maybe' });
    expect(caps[2]).toMatchObject({ contentType: 'application/data', pii: 'no', maxSize: 102400, minSize: -1 });
    expect(caps[3].pii).toBe('customized');
    expect(caps[4]).toMatchObject({ pii: 'yes', maxSize: -1, defaultChecked: false });
  });

  it('checks by default what the host says; names as XenCenter shows them, else the key', () => {
    expect([...defaultChecked(caps)]).toEqual(['xenserver-logs', 'boot-loader', 'network-config']);
    expect(capabilityName('xenserver-logs')).toBe('Server logs');
    expect(capabilityName('my-&-cap')).toBe('my-&-cap');
  });

  it('estimates: unknown is Negligible, one bound "<"/">", a range otherwise', () => {
    expect(sizeEstimate(caps[0])).toBe('Negligible');
    expect(sizeEstimate(caps[2])).toBe('< 100 KiB');
    expect(sizeEstimate(caps[1])).toBe('1 MiB - 48 MiB');
    expect(timeEstimate(caps[1])).toBe('5 s - 30 s');
    expect(sizeEstimate({ minSize: 2048, maxSize: -1 })).toBe('> 2 KiB');
  });

  it('totals the checked capabilities times the number of servers', () => {
    expect(totals(caps, new Set(['xenserver-logs']), 3)).toEqual({ size: 'Negligible', time: 'Negligible' });
    expect(totals(caps, new Set(['persistent-stats', 'boot-loader']), 2)).toEqual({ size: '2 MiB - 96.2 MiB', time: '10 s - 1 min' });
    expect(totals(caps, new Set(), 2).size).toBe('Negligible');
  });

  it('offers only what every chosen server offers, in the first one\'s order', () => {
    const other = parseCapabilities(XML).filter((c) => c.key !== 'boot-loader').reverse();
    expect(common([caps, other]).map((c) => c.key)).toEqual(['client-logs', 'xenserver-logs', 'persistent-stats', 'network-config', 'my-&-cap']);
    // The client's own item first, as XenCenter adds it: checked, High confidentiality.
    expect(common([caps])[0]).toMatchObject({ key: 'client-logs', defaultChecked: true, pii: 'yes' });
    expect(capabilityName('client-logs')).toBe('PoolDesk logs');
    expect(common([])).toEqual([]);
  });
});

describe('the servers that can report', () => {
  const conn = (id: string, status: ConnectionInfo['status']): ConnectionInfo => ({ id, url: `https://${id}`, hostname: id, user: 'root', status, saved: false, hasStoredPassword: false, poolMembers: [] });
  const objects = (hosts: [string, string, boolean][], pool: string): ConnObjects => new Map<string, Map<string, Record<string, unknown>>>([
    ['host', new Map(hosts.map(([ref, name]) => [ref, { name_label: name, metrics: `M:${ref}` }]))],
    ['host_metrics', new Map(hosts.map(([ref, , live]) => [`M:${ref}`, { live }]))],
    ['pool', new Map([['P', { name_label: pool, master: hosts[0][0] }]])],
  ]);
  const store = {
    connections: new Map([['c1', conn('c1', 'connected')], ['c2', conn('c2', 'disconnected')], ['c3', conn('c3', 'connected')]]),
    objects: new Map([
      ['c1', objects([['h2', 'b-host', true], ['h1', 'a-host', true], ['h3', 'down-host', false]], 'Zeta')],
      ['c2', objects([['x', 'gone', true]], 'Offline')],
      ['c3', objects([['s', 'solo', true]], 'Alpha')],
    ]),
  } as unknown as StoreView;

  it('connected pools only, their live hosts by name, pools by name', () => {
    expect(reportableServers(store).map((p) => [p.name, p.hosts.map((h) => h.name)])).toEqual([['Alpha', ['solo']], ['Zeta', ['a-host', 'b-host']]]);
  });

  it('a pool whose session role is below Pool Operator (http/get_system_status) is blocked with XenCenter\'s reason', () => {
    const withRole = (role: ConnectionInfo['role']) => ({ ...store, connections: new Map([['c3', { ...conn('c3', 'connected'), ...(role ? { role } : {}) }]]) }) as unknown as StoreView;
    expect(reportableServers(withRole('read-only'))[0].blocked)
      .toBe('A Read Only user cannot download system status reports. Log in as a different user with sufficient privileges and try again.');
    expect(reportableServers(withRole('vm-power-admin'))[0].blocked).toMatch(/^A VM Power Admin user cannot/);
    for (const role of ['pool-operator', 'pool-admin', undefined] as const) expect(reportableServers(withRole(role))[0].blocked).toBeUndefined();
  });
});

describe('names', () => {
  it('the zip is status-report-<yyyy-MM-dd-HH-mm-ss>.zip in local time', () => {
    expect(defaultFileName(new Date(2026, 0, 5, 7, 8, 9))).toBe('status-report-2026-01-05-07-08-09.zip');
  });
  it('a host\'s entry is <time>-bugtool-<name, safe, 20 characters>.tar, made unique', () => {
    expect(hostEntryName('2026-01-05-07-08-09', 'xcp-ng-host-number-one-long')).toBe('2026-01-05-07-08-09-bugtool-xcp-ng-host-number-o.tar');
    expect(hostEntryName('t', 'a/b:c')).toBe('t-bugtool-a_b_c.tar');
    expect(hostEntryName('t', 'h', new Set(['t-bugtool-h.tar']))).toBe('t-bugtool-h-2.tar');
  });
  it('the file name must be a plain name ending .zip', () => {
    expect(statusReportFileNameProblem('status-report.zip')).toBeUndefined();
    expect(statusReportFileNameProblem(' ')).toBe('Enter a file name.');
    expect(statusReportFileNameProblem('a/b.zip')).toMatch(/cannot contain/);
    expect(statusReportFileNameProblem('report.tar')).toBe('The file name must end with .zip.');
  });
  it('main refuses a start without servers, with a bad key or name, or with unknown fields', () => {
    const h = { connectionId: 'c1', hostRef: 'OpaqueRef:h1' };
    const v = STATUS_REPORT_VALIDATORS['statusReport.start'];
    expect(v({ hosts: [h], capabilities: ['xenserver-logs'], fileName: 'r.zip' })).toEqual({ hosts: [h], capabilities: ['xenserver-logs'], fileName: 'r.zip' });
    expect(() => v({ hosts: [], capabilities: ['x'], fileName: 'r.zip' })).toThrow(/servers/);
    expect(() => v({ hosts: [h], capabilities: ['a,b'], fileName: 'r.zip' })).toThrow(/capability keys/);
    expect(() => v({ hosts: [h], capabilities: ['x'], fileName: '../r.zip' })).toThrow(/fileName/);
    expect(() => v({ hosts: [{ ...h, extra: 1 }], capabilities: ['x'], fileName: 'r.zip' })).toThrow(/unexpected/);
  });
});
