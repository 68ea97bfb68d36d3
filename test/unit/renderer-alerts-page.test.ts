// The Alerts page's model (ui/alerts-form.ts) and how both Properties dialogs send it: the form read
// from other_config:perfmon, the checks in words, and only a real change sent.
import { describe, expect, it } from 'vitest';
import { alertsChanges, alertsFormOf, alertsProblems } from '../../renderer/src/ui/alerts-form';
import { changesOf as vmChangesOf, formOf as vmFormOf, formProblems as vmFormProblems } from '../../renderer/src/features/vm-properties/model';
import { changesOf as objChangesOf, formOf as objFormOf, formProblems as objFormProblems, pagesOf } from '../../renderer/src/features/object-properties/model';
import { pagesOf as vmPagesOf } from '../../renderer/src/features/vm-properties/PropertiesDialog';

const XENCENTER_VM = '<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.9" /><alarm_trigger_period value="300" />'
  + '<alarm_auto_inhibit_period value="3600" /></variable></config>';

describe('the form', () => {
  it('shows each alert of the class, on with its values or off with XenCenter\'s starting values', () => {
    expect(alertsFormOf('VM', { other_config: { perfmon: XENCENTER_VM } })).toEqual({
      rows: { cpu_usage: { on: true, threshold: '90', minutes: '5' }, network_usage: { on: false, threshold: '100', minutes: '1' }, disk_usage: { on: false, threshold: '1000', minutes: '1' } },
      interval: '60',
    });
    expect(Object.keys(alertsFormOf('host', {}).rows)).toEqual(['cpu_usage', 'network_usage', 'memory_free_kib', 'mem_usage']);
    // A server's control domain memory alert is read from its control domain.
    expect(alertsFormOf('host', {}, { other_config: { perfmon: '<config><variable><name value="mem_usage"/><alarm_trigger_level value="0.9"/></variable></config>' } }).rows.mem_usage)
      .toEqual({ on: true, threshold: '90', minutes: '1' });
    expect(Object.keys(alertsFormOf('SR', {}).rows)).toEqual(['sr_io_throughput_total_per_host']);
  });

  it('a value it cannot read leaves the page read-only and sends nothing', () => {
    const f = alertsFormOf('VM', { other_config: { perfmon: '<config>text</config>' } });
    expect(f.unreadable).toMatch(/only elements/);
    const on = { ...f, rows: { ...f.rows, cpu_usage: { on: true, threshold: '50', minutes: '1' } } };
    expect(alertsChanges('VM', f, on)).toBeUndefined();
    expect(alertsProblems('VM', on)).toEqual([]);
  });

  it('checks what was typed, in words, only for the alerts that are on', () => {
    const f = alertsFormOf('host', {});
    expect(alertsProblems('host', f)).toEqual([]);
    const bad = { ...f, interval: '7', rows: { ...f.rows, cpu_usage: { on: true, threshold: '150', minutes: '0' }, memory_free_kib: { on: true, threshold: '9000', minutes: '1' } } };
    expect(alertsProblems('host', bad, 8192).map((p) => [p.field, p.message])).toEqual([
      ['cpu_usage.threshold', 'Enter a number from 5 to 100 %.'],
      ['cpu_usage.minutes', 'Enter a whole number of minutes from 1 to 60.'],
      ['memory_free_kib.threshold', 'Enter a number from 1 to 8,192 MB.'],
      ['interval', 'The alert repeat interval must be a multiple of 5 minutes, from 5 to 86,400.'],
    ]);
  });
});

describe('the dialogs', () => {
  it('VM Properties has an Alerts page, and sends the alerts only when they changed', () => {
    const vm = { name_label: 'web', power_state: 'Halted', VCPUs_max: 1, VCPUs_at_startup: 1, other_config: { perfmon: XENCENTER_VM } };
    expect(vmPagesOf(vm)).toContain('alerts');
    const before = vmFormOf(vm);
    expect(vmChangesOf(before, before, vm)).toEqual({});
    const after = { ...before, alerts: { ...before.alerts, rows: { ...before.alerts.rows, cpu_usage: { on: true, threshold: '80', minutes: '5' }, disk_usage: { on: true, threshold: '2048', minutes: '2' } } } };
    expect(vmChangesOf(before, after, vm)).toEqual({ perfmon: {
      alerts: { cpu_usage: { threshold: 80, minutes: 5 }, disk_usage: { threshold: 2048, minutes: 2 } }, intervalMinutes: 60,
    } });
    // Turning the last alert off sends no alert (main removes the key).
    const none = { ...before, alerts: { ...before.alerts, rows: { ...before.alerts.rows, cpu_usage: { ...before.alerts.rows.cpu_usage!, on: false } } } };
    expect(vmChangesOf(before, none, vm)).toEqual({ perfmon: { alerts: {}, intervalMinutes: 60 } });
    const wrong = { ...before, alerts: { ...before.alerts, interval: '3' } };
    expect(vmFormProblems(wrong, vm)).toEqual([{ page: 'alerts', field: 'alerts', message: expect.stringMatching(/multiple of 5/) }]);
  });

  it('a server and an SR have one; a pool and a network do not', () => {
    expect(pagesOf('host')).toContain('alerts');
    expect(pagesOf('sr')).toContain('alerts');
    expect(pagesOf('pool')).not.toContain('alerts');
    expect(pagesOf('pool')).toContain('email');
    expect(pagesOf('network')).not.toContain('alerts');
    const sr = { name_label: 'NFS', other_config: {} };
    const before = objFormOf(sr, 'sr');
    const after = { ...before, alerts: { ...before.alerts, rows: { sr_io_throughput_total_per_host: { on: true, threshold: '1000', minutes: '1' } } } };
    expect(objChangesOf('sr', before, after)).toEqual({ perfmon: { alerts: { sr_io_throughput_total_per_host: { threshold: 1000, minutes: 1 } }, intervalMinutes: 60 } });
    const host = { name_label: 'h', other_config: {} };
    const hb = objFormOf(host, 'host');
    const ha = { ...hb, alerts: { ...hb.alerts, rows: { ...hb.alerts.rows, memory_free_kib: { on: true, threshold: '20000', minutes: '1' } } } };
    expect(objFormProblems('host', ha, 16384)).toEqual([{ page: 'alerts', field: 'alerts', message: 'Enter a number from 1 to 16,384 MB.' }]);
  });
});
