// Notifications > Alerts (renderer/src/features/alerts): XAPI messages in XenCenter's words, perfmon
// ALARM bodies parsed, the filters, Copy/Export text, and the store's bound on messages.
import { describe, expect, it } from 'vitest';
import type { CacheDelta, ConnectionInfo } from '../../shared/ipc/contract';
import { createAppStore, MAX_MESSAGES, type AppState, type XRecord } from '../../renderer/src/state/store';
import { allAlerts, type Alert } from '../../renderer/src/features/alerts/alert-text';
import { parseAlarm, rateWords, timeWords } from '../../renderer/src/features/alerts/alarm';
import { filterAlerts, NO_FILTERS, type AlertFilters } from '../../renderer/src/features/alerts/filters';
import { alertCopyLine, alertCsvLine, alertsCsv, ALERT_CSV_HEADER } from '../../renderer/src/features/alerts/alert-csv';
import { dismissMessages } from '../../renderer/src/features/alerts/dismiss';
import { BridgeError, type Bridge } from '../../renderer/src/bridge/types';

const conn = (id: string, extra: Partial<ConnectionInfo> = {}): ConnectionInfo => ({
  id, url: `https://${id}`, hostname: id, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [], ...extra,
});

const alarmBody = (name: string, value: string, level = '0.9', period = '60') =>
  `value: ${value}\nconfig:\n<variable>\n <name value="${name}"/>\n <alarm_trigger_level value="${level}"/>\n <alarm_trigger_period value="${period}"/>\n</variable>`;

let seq = 0;
const msg = (name: string, priority: number, cls: string, objUuid: string, body = '', timestamp = '20261207T10:00:00Z') =>
  ({ cls: 'message', ref: `m${++seq}`, op: 'add' as const, record: { uuid: `mu${seq}`, name, priority, cls, obj_uuid: objUuid, body, timestamp } });

/** A pool "Prod" (two hosts, a VM, its control domain, an SR) with these messages. */
function storeWith(changes: CacheDelta['changes'], poolName = 'Prod', hosts = 2) {
  const store = createAppStore();
  const objects: CacheDelta['changes'] = [
    { cls: 'pool', ref: 'p1', op: 'add', record: { uuid: 'pool-u', name_label: poolName } },
    { cls: 'host', ref: 'h1', op: 'add', record: { uuid: 'host-u1', name_label: 'h1' } },
    ...(hosts > 1 ? [{ cls: 'host', ref: 'h2', op: 'add' as const, record: { uuid: 'host-u2', name_label: 'h2' } }] : []),
    { cls: 'vm', ref: 'v1', op: 'add', record: { uuid: 'vm-u1', name_label: 'web-01', is_control_domain: false } },
    { cls: 'vm', ref: 'd0', op: 'add', record: { uuid: 'dom0-u', name_label: 'Control domain on host: h1', is_control_domain: true, resident_on: 'h1' } },
    { cls: 'sr', ref: 's1', op: 'add', record: { uuid: 'abcdef12-3456-7890-aaaa-bbbbccccdddd', name_label: 'NFS store' } },
  ];
  store.getState().applySnapshot({ connections: [conn('c1')], deltas: [{ connectionId: 'c1', reset: true, changes: [...objects, ...changes] }] });
  return store;
}

const only = (s: AppState): Alert => { const a = allAlerts(s); expect(a).toHaveLength(1); return a[0]; };

describe('alerts in words', () => {
  it('titles a VM message with the VM name and fills the friendly body, as XenCenter', () => {
    const a = only(storeWith([msg('VM_STARTED', 5, 'VM', 'vm-u1', "VM 'web-01' (uuid: vm-u1) started on host: h1")]).getState());
    expect(a.title).toBe('web-01: VM Started');
    expect(a.description).toBe("Virtual machine 'web-01' has been started.");
    expect(a.priority).toBe(5);
    expect(a.object).toEqual({ cls: 'vm', ref: 'v1', name: 'web-01' });
    expect(a.appliesTo).toBe('Prod');
  });

  it('names the pool in a coordinator change, and leaves the pool message untitled by object', () => {
    const a = only(storeWith([msg('POOL_MASTER_TRANSITION', 4, 'Host', 'host-u2')]).getState());
    expect(a.title).toBe('h2: Pool coordinator changed');
    expect(a.description).toBe("Server 'h2' is now the coordinator of pool 'Prod'.");
    const p = only(storeWith([msg('HA_STATEFILE_LOST', 2, 'Pool', 'pool-u')]).getState());
    expect(p.title).toBe('Heartbeat SR lost');
  });

  it('a standalone server\'s own message is not prefixed with its name', () => {
    const a = only(storeWith([msg('HOST_CLOCK_WENT_BACKWARDS', 3, 'Host', 'host-u1')], '', 1).getState());
    expect(a.title).toBe('Server clock has gone backwards');
    expect(a.description).toBe("The server clock on 'h1' has gone backwards.");
  });

  it('HA failover tolerance: the body is the number of failures still covered', () => {
    const a = only(storeWith([msg('HA_POOL_DROP_IN_PLAN_EXISTS_FOR', 3, 'Pool', 'pool-u', '1')]).getState());
    expect(a.description).toBe("The failover tolerance for pool 'Prod' has dropped.  HA is now only guaranteed for 1 host failure.");
    const n = only(storeWith([msg('HA_POOL_DROP_IN_PLAN_EXISTS_FOR', 3, 'Pool', 'pool-u', '2')]).getState());
    expect(n.description).toContain('guaranteed for 2 host failures');
  });

  it('an unknown name, or an object this client does not know, keeps the server\'s name and body', () => {
    const a = only(storeWith([msg('SOMETHING_NEW', 3, 'VM', 'vm-u1', 'raw body')]).getState());
    expect(a.title).toBe('web-01: SOMETHING_NEW');
    expect(a.description).toBe('raw body');
    const gone = only(storeWith([msg('VM_STARTED', 5, 'VM', 'no-such-vm', 'server words')]).getState());
    expect(gone.title).toBe('VM Started');
    expect(gone.description).toBe('server words');
    expect(gone.object).toBeUndefined();
    const odd = only(storeWith([msg('X', 9, 'VM', 'vm-u1')]).getState());
    expect(odd.priority).toBe(0);
  });

  it('reuses the alerts already worked out for unchanged messages', () => {
    const store = storeWith([msg('VM_STARTED', 5, 'VM', 'vm-u1')]);
    const known = new WeakMap<XRecord, Alert>();
    const [first] = allAlerts(store.getState(), known);
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [msg('VM_CRASHED', 2, 'VM', 'vm-u1', '', '20261207T12:00:00Z')] });
    const again = allAlerts(store.getState(), known);
    expect(again.map((a) => a.name)).toEqual(['VM_CRASHED', 'VM_STARTED']);
    expect(again[1]).toBe(first);
  });

  it('newest first; equal times keep the server\'s order (the later one first)', () => {
    const s = storeWith([
      msg('VM_STARTED', 5, 'VM', 'vm-u1', '', '20261207T10:00:00Z'),
      msg('VM_SHUTDOWN', 5, 'VM', 'vm-u1', '', '20261207T11:00:00Z'),
      msg('VM_REBOOTED', 5, 'VM', 'vm-u1', '', '20261207T11:00:00Z'),
    ]).getState();
    expect(allAlerts(s).map((a) => a.name)).toEqual(['VM_REBOOTED', 'VM_SHUTDOWN', 'VM_STARTED']);
  });
});

describe('perfmon ALARM messages', () => {
  it('parses the value and the <variable> config', () => {
    expect(parseAlarm(alarmBody('cpu_usage', '0.953', '0.9', '60'))).toMatchObject({ kind: 'cpu', variable: 'cpu_usage', value: 0.953, level: 0.9, period: 60 });
    expect(parseAlarm(alarmBody('sr_io_throughput_total_abcdef12', '12'))).toMatchObject({ kind: 'storage', srUuidPrefix: 'abcdef12' });
    expect(parseAlarm('not an alarm').kind).toBeUndefined();
    expect(parseAlarm(alarmBody('some_new_metric', '3')).kind).toBeUndefined();
  });

  it('CPU on a VM, in XenCenter\'s words', () => {
    const a = only(storeWith([msg('ALARM', 3, 'VM', 'vm-u1', alarmBody('cpu_usage', '0.953'))]).getState());
    expect(a.title).toBe('CPU Usage Alarm');
    expect(a.description).toBe("CPU usage on VM 'web-01' has been on average 95.3% for the last 60 seconds.");
  });

  it('a control domain\'s alarm is its server\'s; free memory is in KiB', () => {
    const a = only(storeWith([msg('ALARM', 3, 'VM', 'dom0-u', alarmBody('memory_free_kib', '524288', '1048576', '300'))]).getState());
    expect(a.title).toBe('Memory Usage Alarm');
    expect(a.description).toBe("Free memory on server 'h1' has been 512 MB for the last 5 minutes.");
  });

  it('network, disk and storage throughput rates; the storage alarm names its SR', () => {
    const net = only(storeWith([msg('ALARM', 3, 'Host', 'host-u1', alarmBody('network_usage', '1500000'))]).getState());
    expect(net.description).toBe("Network usage on server 'h1' has been on average 1.5 MB/s for the last 60 seconds.");
    const sr = only(storeWith([msg('ALARM', 3, 'Host', 'host-u1', alarmBody('sr_io_throughput_total_abcdef12', '2', '1', '90'))]).getState());
    expect(sr.title).toBe('Storage Throughput Alarm');
    expect(sr.description).toBe("The total read and write throughput of server 'h1' on storage repository 'NFS store' has been 2.1 MB/s for the last 90 seconds.");
  });

  it('a full control-domain disk is major and a full log partition a warning, whatever the server says', () => {
    const fs = only(storeWith([msg('ALARM', 5, 'Host', 'host-u1', alarmBody('fs_usage', '0.97'))]).getState());
    expect(fs.priority).toBe(2);
    expect(fs.title).toBe('File System on Control Domain Full');
    expect(fs.description).toContain("Disk usage for the Control Domain on server 'h1' has reached 97.0%.");
    const log = only(storeWith([msg('ALARM', 5, 'Host', 'host-u1', alarmBody('log_fs_usage', '0.91'))]).getState());
    expect(log.priority).toBe(3);
  });

  it('an alarm it does not recognise shows the body', () => {
    const body = alarmBody('some_new_metric', '3');
    const a = only(storeWith([msg('ALARM', 3, 'VM', 'vm-u1', body)]).getState());
    expect(a.title).toBe('web-01: Unrecognized alarm');
    expect(a.description).toBe(body);
  });

  it('times and rates as XenCenter prints them', () => {
    expect(timeWords(0)).toBe('Negligible');
    expect(timeWords(119)).toBe('119 seconds');
    expect(timeWords(600)).toBe('10 minutes');
    expect(rateWords(999)).toBe('999 B/s');
    expect(rateWords(2_345_678_901)).toBe('2.3 GB/s');
  });
});

describe('filters', () => {
  const now = Date.UTC(2026, 11, 7, 12);
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const s = storeWith([
    msg('VM_STARTED', 5, 'VM', 'vm-u1', '', at(1)),
    msg('HA_STATEFILE_LOST', 2, 'Pool', 'pool-u', '', at(30)),
    msg('ALARM', 1, 'VM', 'vm-u1', alarmBody('cpu_usage', '0.99'), at(24 * 10)),
  ]).getState();
  const alerts = allAlerts(s);
  const names = (f: Partial<AlertFilters>) => filterAlerts(alerts, { ...NO_FILTERS, ...f }, now).map((a) => a.name);

  it('no filter shows all', () => expect(names({})).toEqual(['VM_STARTED', 'HA_STATEFILE_LOST', 'ALARM']));
  it('by severity', () => expect(names({ hiddenSeverities: new Set([5, 1]) })).toEqual(['HA_STATEFILE_LOST']));
  it('by server', () => expect(names({ hiddenServers: new Set(['c1']) })).toEqual([]));
  it('by date', () => {
    expect(names({ date: '24h' })).toEqual(['VM_STARTED']);
    expect(names({ date: '3d' })).toEqual(['VM_STARTED', 'HA_STATEFILE_LOST']);
    expect(names({ date: '30d' })).toHaveLength(3);
    expect(names({ date: 'custom', from: now - 48 * 3_600_000, to: now - 2 * 3_600_000 })).toEqual(['HA_STATEFILE_LOST']);
    expect(names({ date: 'custom' })).toHaveLength(3);
  });
  it('by text, in the title, description or object', () => {
    expect(names({ text: 'heartbeat' })).toEqual(['HA_STATEFILE_LOST']);
    expect(names({ text: 'CPU USAGE' })).toEqual(['ALARM']);
    expect(names({ text: 'web-01' })).toEqual(['VM_STARTED', 'ALARM']);
  });
});

describe('Copy and Export', () => {
  const a = only(storeWith([msg('SOMETHING_NEW', 3, 'VM', 'vm-u1', 'said "hi"', '20261207T23:05:00Z')]).getState());
  it('quotes each field and doubles the quotes inside', () => {
    expect(alertCsvLine(a)).toMatch(/^"web-01: SOMETHING_NEW","Warning","said ""hi""","Prod","Dec \d+, 2026 \d+:05 (AM|PM)"$/);
    expect(alertCopyLine(a)).toMatch(/^"web-01: SOMETHING_NEW","said ""hi""","Prod","Dec \d+, 2026 \d+:05 (AM|PM)",""$/);
  });
  it('the file has XenCenter\'s header and a line per alert', () => {
    const lines = alertsCsv([a, a]).trimEnd().split('\r\n');
    expect(lines[0]).toBe(ALERT_CSV_HEADER);
    expect(lines).toHaveLength(3);
  });
});

describe('the store and messages', () => {
  it('counts message changes apart from other classes, and a reset that drops messages', () => {
    const store = storeWith([]);
    const v = store.getState().messageVersion;
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [{ cls: 'vm', ref: 'v1', op: 'mod', record: { uuid: 'vm-u1', name_label: 'x' } }] });
    expect(store.getState().messageVersion).toBe(v);
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: [msg('VM_STARTED', 5, 'VM', 'vm-u1')] });
    expect(store.getState().messageVersion).toBe(v + 1);
    store.getState().removeConnection('c1');
    expect(store.getState().messageVersion).toBe(v + 2);
  });

  it('keeps at most MAX_MESSAGES per server, dropping the oldest', () => {
    const store = storeWith([]);
    const base = Date.UTC(2026, 0, 1);
    const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({
      cls: 'message', ref: `x${from + i}`, op: 'add' as const,
      record: { uuid: `xu${from + i}`, name: 'VM_STARTED', priority: 5, cls: 'VM', obj_uuid: 'vm-u1', body: '', timestamp: new Date(base + (from + i) * 1000).toISOString() },
    }));
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: many(0, MAX_MESSAGES) });
    expect(store.getState().objects.get('c1')!.get('message')!.size).toBe(MAX_MESSAGES);
    store.getState().applyDelta({ connectionId: 'c1', reset: false, changes: many(MAX_MESSAGES, 1000) });
    const kept = store.getState().objects.get('c1')!.get('message')!;
    expect(kept.size).toBe(MAX_MESSAGES);
    expect(kept.has('x0')).toBe(false);
    expect(kept.has(`x${MAX_MESSAGES + 999}`)).toBe(true);
    expect(kept.has('x1000')).toBe(true);
    expect(kept.has('x999')).toBe(false);
  });
});

describe('dismissing', () => {
  it('destroys each message, counts one already gone as dismissed, and returns the others\' errors', async () => {
    const calls: unknown[] = [];
    const bridge = {
      request: async (_channel: string, args: { method: string; args: string[] }) => {
        calls.push([args.method, ...args.args]);
        if (args.args[0] === 'gone') throw new BridgeError({ code: 'HANDLE_INVALID', params: ['message', 'gone'], message: '' });
        if (args.args[0] === 'denied') throw new BridgeError({ code: 'RBAC_PERMISSION_DENIED', params: ['message.destroy', 'no'], message: '' });
        return '';
      },
    } as unknown as Bridge;
    const t = (ref: string) => ({ connectionId: 'c1', cls: 'message', ref });
    let progress = 0;
    const failures = await dismissMessages(bridge, [t('a'), t('gone'), t('denied'), t('b')], (n) => { progress = n; });
    expect(calls.map((c) => (c as string[])[1]).sort()).toEqual(['a', 'b', 'denied', 'gone']);
    expect((calls[0] as string[])[0]).toBe('message.destroy');
    expect(failures.map((f) => [f.target.ref, f.error.code])).toEqual([['denied', 'RBAC_PERMISSION_DENIED']]);
    expect(progress).toBe(4);
  });
});
