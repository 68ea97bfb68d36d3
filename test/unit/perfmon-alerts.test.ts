// Performance alerts: other_config:perfmon read as XenCenter reads it and written byte for byte as
// XenCenter writes it (XmlDocument.OuterXml), other variables kept, hostile values refused; the
// Properties plans' calls and the IPC contract's checks.
import { describe, expect, it } from 'vitest';
import { parseXml, PerfmonXmlError, writeXml, MAX_PERFMON_XML } from '../../shared/perfmon/xml';
import { readPerfmon, writePerfmon } from '../../shared/perfmon/alerts';
import { decimalText, scaleDecimal } from '../../shared/perfmon/decimal';
import { planCalls } from '../../shared/vm-properties/plan';
import { planObjectCalls, objectChangeProblems } from '../../shared/object-properties/plan';
import { VM_PROPERTIES_VALIDATORS } from '../../shared/ipc/areas/vm-properties';
import { OBJECT_PROPERTIES_VALIDATORS } from '../../shared/ipc/areas/object-properties';

// What XenCenter 8.x stores for a VM with CPU 90 % for 5 minutes, network 100 KB/s for 1 minute, repeat every 60 minutes.
const XENCENTER_VM = '<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.9" /><alarm_trigger_period value="300" />'
  + '<alarm_auto_inhibit_period value="3600" /></variable><variable><name value="network_usage" /><alarm_trigger_level value="102400" />'
  + '<alarm_trigger_period value="60" /><alarm_auto_inhibit_period value="3600" /></variable></config>';
// What a real control domain carries (../shared/xapi/db/boston-db.xml): a variable XenCenter does not edit.
const DOM0_FS = '<config><variable><name value="fs_usage"/></variable></config>';

describe('the XML codec', () => {
  it('round-trips what XenCenter writes, byte for byte', () => {
    expect(writeXml(parseXml(XENCENTER_VM))).toBe(XENCENTER_VM);
  });

  it('reads xapi and xe spellings: declaration, white space, single quotes, entities, comments', () => {
    const el = parseXml(`<?xml version="1.0"?>\n<config>\n\t<variable>\n\t\t<name value='a&amp;b&#x41;'/>\n<!-- x -->\t</variable>\n</config>\n`);
    expect(el.children[0].children[0].attrs).toEqual([['value', 'a&bA']]);
    expect(writeXml(el)).toBe('<config><variable><name value="a&amp;bA" /></variable></config>');
  });

  it.each([
    ['a DOCTYPE with entities', '<!DOCTYPE config [<!ENTITY a "aaaa">]><config/>'],
    ['an unknown entity', '<config><variable><name value="&a;"/></variable></config>'],
    ['text content', '<config>hello</config>'],
    ['CDATA', '<config><![CDATA[x]]></config>'],
    ['an unclosed element', '<config><variable>'],
    ['mismatched tags', '<config></variable>'],
    ['a duplicate attribute', '<config a="1" a="2"/>'],
    ['a raw < in a value', '<config a="<"/>'],
    ['deep nesting', `${'<a>'.repeat(20)}${'</a>'.repeat(20)}`],
    ['two documents', '<config/><config/>'],
    ['an oversized value', `<config a="${'x'.repeat(MAX_PERFMON_XML)}"/>`],
  ])('refuses %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(PerfmonXmlError);
  });
});

describe('decimal numbers as XenCenter writes them', () => {
  it('scales exactly, without binary rounding or exponents', () => {
    expect(scaleDecimal('90', 1, 100)).toBe('0.9');
    expect(scaleDecimal('7', 1, 100)).toBe('0.07');
    expect(scaleDecimal('1000', 1, 1024)).toBe('0.9765625');
    expect(scaleDecimal('0.9765625', 1024, 1)).toBe('1000');
    expect(scaleDecimal('100', 1024, 1)).toBe('102400');
    expect(scaleDecimal('0.3', 100, 1)).toBe('30');
    expect(scaleDecimal('abc', 1, 1)).toBeUndefined();
    expect(decimalText(1e-7)).toBe('0.0000001');
  });
});

describe('the dialog settings', () => {
  it('reads XenCenter\'s XML into dialog units', () => {
    expect(readPerfmon('VM', XENCENTER_VM)).toEqual({
      alerts: { cpu_usage: { threshold: 90, minutes: 5 }, network_usage: { threshold: 100, minutes: 1 } }, intervalMinutes: 60,
    });
    // perfmon's defaults fill what xe left out; a variable without a level is not an alert (XenCenter's HasValueSet).
    expect(readPerfmon('host', '<config><variable><name value="memory_free_kib"/><alarm_trigger_level value="1024000"/></variable>'
      + '<variable><name value="cpu_usage"/></variable></config>')).toEqual({ alerts: { memory_free_kib: { threshold: 1000, minutes: 1 } }, intervalMinutes: 60 });
    expect(readPerfmon('SR', '<config><variable><name value="sr_io_throughput_total_per_host"/><alarm_trigger_level value="0.9765625"/>'
      + '<alarm_trigger_period value="120"/><alarm_auto_inhibit_period value="600"/></variable></config>'))
      .toEqual({ alerts: { sr_io_throughput_total_per_host: { threshold: 1000, minutes: 2 } }, intervalMinutes: 10 });
    expect(readPerfmon('VM', undefined)).toEqual({ alerts: {}, intervalMinutes: 60 });
  });

  it('writes the same bytes XenCenter writes', () => {
    expect(writePerfmon('VM', undefined, { alerts: { cpu_usage: { threshold: 90, minutes: 5 }, network_usage: { threshold: 100, minutes: 1 } }, intervalMinutes: 60 }))
      .toBe(XENCENTER_VM);
  });

  it('keeps variables it does not know, and what xe added to one it knows', () => {
    const cur = '<config><variable><name value="fs_usage"/></variable><variable><name value="cpu_usage"/><alarm_trigger_level value="0.5"/>'
      + '<alarm_priority value="1"/></variable></config>';
    expect(writePerfmon('VM', cur, { alerts: { cpu_usage: { threshold: 80, minutes: 1 } }, intervalMinutes: 5 })).toBe(
      '<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.8" /><alarm_trigger_period value="60" /><alarm_auto_inhibit_period value="300" />'
      + '<alarm_priority value="1" /></variable><variable><name value="fs_usage" /></variable></config>');
    expect(writePerfmon('VM', DOM0_FS, { alerts: {}, intervalMinutes: 60 })).toBe('<config><variable><name value="fs_usage" /></variable></config>');
  });

  it('leaves nothing when the last alert goes', () => {
    expect(writePerfmon('VM', XENCENTER_VM, { alerts: {}, intervalMinutes: 60 })).toBeNull();
  });
});

describe('the Properties plans', () => {
  const alerts = { alerts: { cpu_usage: { threshold: 90, minutes: 5 } }, intervalMinutes: 60 };
  const cpuOnly = '<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.9" /><alarm_trigger_period value="300" /><alarm_auto_inhibit_period value="3600" /></variable></config>';

  it('a VM: the key removed, then added with the new XML', () => {
    expect(planCalls({ perfmon: alerts }, { other_config: {} }).map((c) => [c.method, ...c.args])).toEqual([
      ['VM.remove_from_other_config', 'perfmon'], ['VM.add_to_other_config', 'perfmon', cpuOnly],
    ]);
    expect(planCalls({ perfmon: { alerts: {}, intervalMinutes: 60 } }, { other_config: { perfmon: cpuOnly } }).map((c) => [c.method, ...c.args]))
      .toEqual([['VM.remove_from_other_config', 'perfmon']]);
    // Nothing to send when the value would not change.
    expect(planCalls({ perfmon: alerts }, { other_config: { perfmon: cpuOnly } })).toEqual([]);
  });

  it('a host and an SR', () => {
    expect(planObjectCalls('SR', { perfmon: { alerts: { sr_io_throughput_total_per_host: { threshold: 1000, minutes: 1 } }, intervalMinutes: 60 } }, {})
      .map((c) => [c.method, ...c.args])).toEqual([
      ['SR.remove_from_other_config', 'perfmon'],
      ['SR.add_to_other_config', 'perfmon', '<config><variable><name value="sr_io_throughput_total_per_host" /><alarm_trigger_level value="0.9765625" /><alarm_trigger_period value="60" /><alarm_auto_inhibit_period value="3600" /></variable></config>'],
    ]);
    expect(planObjectCalls('host', { perfmon: { alerts: { memory_free_kib: { threshold: 512, minutes: 2 } }, intervalMinutes: 30 } }, { other_config: { perfmon: DOM0_FS } })[1].args[1])
      .toBe('<config><variable><name value="memory_free_kib" /><alarm_trigger_level value="524288" /><alarm_trigger_period value="120" /><alarm_auto_inhibit_period value="1800" /></variable><variable><name value="fs_usage" /></variable></config>');
  });

  it('a server\'s control domain memory alert goes to its control domain, keeping what is there', () => {
    const settings = { alerts: { cpu_usage: { threshold: 90, minutes: 1 }, mem_usage: { threshold: 95, minutes: 1 } }, intervalMinutes: 60 };
    const now = { other_config: {}, controlDomain: { ref: 'OpaqueRef:dom0', other_config: { perfmon: DOM0_FS } } };
    expect(planObjectCalls('host', { perfmon: settings }, now).map((c) => [c.ref ?? 'host', c.method, ...c.args])).toEqual([
      ['OpaqueRef:dom0', 'VM.remove_from_other_config', 'perfmon'],
      ['OpaqueRef:dom0', 'VM.add_to_other_config', 'perfmon', '<config><variable><name value="mem_usage" /><alarm_trigger_level value="0.95" /><alarm_trigger_period value="60" />'
        + '<alarm_auto_inhibit_period value="3600" /></variable><variable><name value="fs_usage" /></variable></config>'],
      ['host', 'host.remove_from_other_config', 'perfmon'],
      ['host', 'host.add_to_other_config', 'perfmon', '<config><variable><name value="cpu_usage" /><alarm_trigger_level value="0.9" /><alarm_trigger_period value="60" />'
        + '<alarm_auto_inhibit_period value="3600" /></variable></config>'],
    ]);
    // Read back from both places.
    const dom0Xml = String(planObjectCalls('host', { perfmon: settings }, now)[1].args[1]);
    expect(readPerfmon('host', '<config><variable><name value="cpu_usage"/><alarm_trigger_level value="0.9"/></variable></config>', dom0Xml).alerts)
      .toEqual({ cpu_usage: { threshold: 90, minutes: 1 }, mem_usage: { threshold: 95, minutes: 1 } });
    // Turned off: removed from the control domain, its other variable kept; nothing sent for a server without one.
    expect(planObjectCalls('host', { perfmon: { alerts: {}, intervalMinutes: 60 } }, { controlDomain: { ref: 'OpaqueRef:dom0', other_config: { perfmon: dom0Xml } } })
      .map((c) => c.args[1])).toEqual([undefined, '<config><variable><name value="fs_usage" /></variable></config>']);
    expect(planObjectCalls('host', { perfmon: { alerts: { mem_usage: { threshold: 95, minutes: 1 } }, intervalMinutes: 60 } }, {})).toEqual([]);
  });

  it('refuses to overwrite a stored value it cannot read', () => {
    expect(objectChangeProblems('host', { perfmon: alerts }, { other_config: { perfmon: '<!DOCTYPE x><config/>' } })[0])
      .toMatch(/cannot be read.*Nothing was changed/);
  });
});

describe('the contract', () => {
  const vm = (perfmon: unknown) => () => VM_PROPERTIES_VALIDATORS['vmProperties.apply']({ connectionId: 'c', vmRef: 'OpaqueRef:v', changes: { perfmon } });
  const obj = (cls: string, perfmon: unknown) => () => OBJECT_PROPERTIES_VALIDATORS['objectProperties.apply']({ connectionId: 'c', cls, ref: 'OpaqueRef:h', changes: { perfmon } });

  it('takes the dialog\'s settings', () => {
    expect(vm({ alerts: { cpu_usage: { threshold: 90, minutes: 5 } }, intervalMinutes: 60 })().changes.perfmon)
      .toEqual({ alerts: { cpu_usage: { threshold: 90, minutes: 5 } }, intervalMinutes: 60 });
    expect(obj('SR', { alerts: {}, intervalMinutes: 5 })().changes.perfmon).toEqual({ alerts: {}, intervalMinutes: 5 });
  });

  it.each([
    ['an alert another class has', vm({ alerts: { memory_free_kib: { threshold: 1, minutes: 1 } }, intervalMinutes: 60 }), /no alert "memory_free_kib"/],
    ['a CPU level over 100 %', vm({ alerts: { cpu_usage: { threshold: 101, minutes: 1 } }, intervalMinutes: 60 }), /from 5 to 100 %/],
    ['a duration over an hour', vm({ alerts: { cpu_usage: { threshold: 50, minutes: 61 } }, intervalMinutes: 60 }), /minutes from 1 to 60/],
    ['an interval not a multiple of 5', vm({ alerts: {}, intervalMinutes: 7 }), /multiple of 5/],
    ['extra fields', vm({ alerts: {}, intervalMinutes: 60, xml: '<x/>' }), /unexpected field "xml"/],
    ['a string threshold', vm({ alerts: { cpu_usage: { threshold: '50', minutes: 1 } }, intervalMinutes: 60 }), /numeric/],
    ['alerts on a pool', obj('pool', { alerts: {}, intervalMinutes: 60 }), /no alerts/],
  ])('refuses %s', (_, f, msg) => {
    expect(f).toThrow(msg);
  });
});
