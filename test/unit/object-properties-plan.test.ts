// Host, pool, SR and network Properties: the changes → calls plan, the request checks, and XenCenter's
// custom field definitions XML (read from anything the server holds, written as XenCenter writes it).
import { describe, expect, it } from 'vitest';
import { objectChangeProblems, planObjectCalls } from '../../shared/object-properties/plan';
import {
  customFieldValues, dateInput, dateValue, definitionsOfPool, fieldNameProblem, parseCustomFields, serialiseCustomFields,
} from '../../shared/object-properties/custom-fields';
import { OBJECT_PROPERTIES_VALIDATORS } from '../../shared/ipc/areas/object-properties';

const calls = (...a: Parameters<typeof planObjectCalls>) => planObjectCalls(...a).map((c) => [c.method, ...c.args]);

describe('the plan', () => {
  it('sends only what changed, names first, map keys removed before added', () => {
    expect(calls('SR', { name: 'Fast', folder: '/store', tagsAdd: ['a'], tagsRemove: ['b'], customFields: { Owner: 'ops', Due: '' } }, {})).toEqual([
      ['SR.set_name_label', 'Fast'],
      ['SR.remove_from_other_config', 'folder'], ['SR.add_to_other_config', 'folder', '/store'],
      ['SR.remove_tags', 'b'], ['SR.add_tags', 'a'],
      ['SR.remove_from_other_config', 'XenCenter.CustomFields.Owner'], ['SR.add_to_other_config', 'XenCenter.CustomFields.Owner', 'ops'],
      ['SR.remove_from_other_config', 'XenCenter.CustomFields.Due'],
    ]);
    expect(calls('SR', { folder: '' }, {})).toEqual([['SR.remove_from_other_config', 'folder']]);
  });

  it('the class settings: default SR, MTU and automatic, log destination and multipathing', () => {
    expect(calls('pool', { defaultSR: 'OpaqueRef:s' }, {})).toEqual([['pool.set_default_SR', 'OpaqueRef:s']]);
    expect(calls('network', { mtu: 9000, automatic: false }, {})).toEqual([
      ['network.set_MTU', 9000], ['network.remove_from_other_config', 'automatic'], ['network.add_to_other_config', 'automatic', 'false'],
    ]);
    expect(calls('host', { syslogDestination: 'log.example' }, { logging: { level: '1' } })).toEqual([
      ['host.set_logging', { level: '1', syslog_destination: 'log.example' }], ['host.syslog_reconfigure'],
    ]);
    expect(calls('host', { syslogDestination: '' }, { logging: { syslog_destination: 'x' } })[0]).toEqual(['host.set_logging', {}]);
    expect(calls('host', { multipathing: true }, { enabled: false }).map((c) => c.slice(0, 3))).toEqual([
      ['host.remove_from_other_config', 'multipathing'], ['host.add_to_other_config', 'multipathing', 'true'],
      ['host.remove_from_other_config', 'multipathhandle'], ['host.add_to_other_config', 'multipathhandle', 'dmp'],
    ]);
  });

  it('refuses in words what the object cannot take', () => {
    expect(objectChangeProblems('host', { multipathing: true }, { enabled: true })).toEqual(['Multipathing can only be changed while the server is in maintenance mode.']);
    expect(objectChangeProblems('network', { mtu: 20 }, {})[0]).toMatch(/MTU must be a whole number from 68 to 9216/);
    expect(objectChangeProblems('SR', { mtu: 1500 }, {})[0]).toMatch(/no property "mtu"/);
    expect(objectChangeProblems('pool', { name: ' ' }, {})).toEqual(['The name must not be empty.']);
  });

  it('the request is checked before anything runs', () => {
    const v = OBJECT_PROPERTIES_VALIDATORS['objectProperties.apply'];
    const ok = v({ connectionId: 'c', cls: 'network', ref: 'OpaqueRef:n', changes: { mtu: 9000 } });
    expect(ok.changes).toEqual({ mtu: 9000 });
    expect(() => v({ connectionId: 'c', cls: 'VM', ref: 'OpaqueRef:n', changes: { name: 'x' } })).toThrow(/cls/);
    expect(() => v({ connectionId: 'c', cls: 'SR', ref: 'OpaqueRef:n', changes: { mtu: 9000 } })).toThrow(/no property/);
    expect(() => v({ connectionId: 'c', cls: 'SR', ref: 'OpaqueRef:n', changes: {} })).toThrow(/empty/);
    expect(() => v({ connectionId: 'c', cls: 'SR', ref: 'OpaqueRef:n', changes: { customFields: { '': 'x' } } })).toThrow(/field name/);
    expect(() => v({ connectionId: 'c', cls: 'SR', ref: 'OpaqueRef:n', changes: { evil: 1 } })).toThrow(/unexpected/);
    const e = OBJECT_PROPERTIES_VALIDATORS['objectProperties.editCustomFields'];
    expect(e({ connectionId: 'c', add: { name: 'Owner', type: 'String' } }).add).toEqual({ name: 'Owner', type: 'String' });
    expect(() => e({ connectionId: 'c', add: { name: 'Owner', type: 'Number' } })).toThrow(/String/);
    expect(() => e({ connectionId: 'c' })).toThrow(/one of/);
    expect(() => e({ connectionId: 'c', add: { name: 'a', type: 'Date' }, remove: 'b' })).toThrow(/one of/);
  });
});

describe('custom field definitions', () => {
  it('reads XenCenter\'s XML and writes it back the same way', () => {
    const xml = '<CustomFieldDefinitions><CustomFieldDefinition name="Owner" type="String" defaultValue="" />'
      + '<CustomFieldDefinition name="Due date" type="Date" defaultValue="" /></CustomFieldDefinitions>';
    const defs = parseCustomFields(xml);
    expect(defs).toEqual([{ name: 'Owner', type: 'String' }, { name: 'Due date', type: 'Date' }]);
    expect(serialiseCustomFields(defs)).toBe(xml);
    expect(parseCustomFields(serialiseCustomFields([{ name: 'a "b" & <c>', type: 'String' }]))).toEqual([{ name: 'a "b" & <c>', type: 'String' }]);
    expect(serialiseCustomFields([{ name: 'a "b" & <c>', type: 'String' }])).toContain('name="a &quot;b&quot; &amp; &lt;c&gt;"');
  });

  it('skips what is hostile or malformed instead of failing', () => {
    expect(parseCustomFields(undefined)).toEqual([]);
    expect(parseCustomFields('not xml at all <<<>')).toEqual([]);
    expect(parseCustomFields('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CustomFieldDefinitions><CustomFieldDefinition name="&e;" type="String"/></CustomFieldDefinitions>'))
      .toEqual([{ name: '&e;', type: 'String' }]);
    expect(parseCustomFields("<CustomFieldDefinition type='Date' name='x'/><CustomFieldDefinition name=\"x\" type=\"String\"/>")).toEqual([{ name: 'x', type: 'Date' }]);
    expect(parseCustomFields('<CustomFieldDefinition name="n" type="Number"/><CustomFieldDefinition type="String"/><CustomFieldDefinition name="" type="String"/>')).toEqual([]);
    expect(parseCustomFields('<CustomFieldDefinition name="&#0;&#1;" type="String"/>')).toEqual([]);
    expect(parseCustomFields('<CustomFieldDefinition name="&#x41;&#66;" type="String"/>')).toEqual([{ name: 'AB', type: 'String' }]);
    const many = Array.from({ length: 1000 }, (_, i) => `<CustomFieldDefinition name="f${i}" type="String"/>`).join('');
    expect(parseCustomFields(many)).toHaveLength(256);
  });

  it('names, values and dates', () => {
    expect(fieldNameProblem('')).toMatch(/Enter a name/);
    expect(fieldNameProblem('a', [{ name: 'a', type: 'String' }])).toMatch(/already/);
    expect(fieldNameProblem('ok')).toBeUndefined();
    const pool = { gui_config: { 'XenCenter.CustomFields': '<CustomFieldDefinition name="Owner" type="String"/>' } };
    const defs = definitionsOfPool(pool);
    expect(customFieldValues({ other_config: { 'XenCenter.CustomFields.Owner': 'ops' } }, defs)).toEqual({ Owner: 'ops' });
    expect(customFieldValues({}, defs)).toEqual({ Owner: '' });
    expect(dateValue('2026-12-06')).toBe('2026-12-06T00:00:00Z');
    expect(dateValue('')).toBe('');
    expect(dateInput('2026-12-06T00:00:00Z')).toBe('2026-12-06');
    expect(dateInput('garbage')).toBe('');
  });
});
