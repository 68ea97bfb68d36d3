// XML-RPC codec of the simulator (FORMATS.md 2): lenient parsing (2.3) and typed writing (2.2).
import { describe, expect, it } from 'vitest';
import { failureXml, parseMethodCall, successXml, toXml } from '../../simulator/xmlrpc-codec';
import { checkParams } from '../../simulator/params';
import { messageInfo } from '../../shared/xapi/model';

describe('simulator XML-RPC codec', () => {
  it('parses a methodCall with every value form, whitespace between elements ignored', () => {
    const body = `<?xml version="1.0"?>
<methodCall>
  <methodName>VM.set_memory_limits</methodName>
  <params>
    <param><value>OpaqueRef:s</value></param>
    <param><value><string>a&amp;b&lt;c&gt;</string></value></param>
    <param><value/></param>
    <param><value><i4>-7</i4></value></param>
    <param><value><int>8</int></value></param>
    <param><value><i8>9007199254740</i8></value></param>
    <param><value><boolean>1</boolean></value></param>
    <param><value><boolean>true</boolean></value></param>
    <param><value><double>0.5</double></value></param>
    <param><value><double>inf</double></value></param>
    <param><value><dateTime.iso8601>20130102T16:20:20Z</dateTime.iso8601></value></param>
    <param><value><array><data><value>x</value><value><i4>1</i4></value></data></array></value></param>
    <param><value><array/></value></param>
    <param><value><struct><member><name>k</name><value>v</value></member><member><name>n</name><value><struct/></value></member></struct></value></param>
    <param><value><nil/></value></param>
  </params>
</methodCall>`;
    const { method, params } = parseMethodCall(body);
    expect(method).toBe('VM.set_memory_limits');
    expect(params).toEqual(['OpaqueRef:s', 'a&b<c>', '', -7, 8, 9007199254740, true, false, 0.5, Infinity, '20130102T16:20:20Z', ['x', 1], [], { k: 'v', n: {} }, null]);
  });

  it('rejects malformed XML', () => {
    expect(() => parseMethodCall('<methodCall><methodName>x</methodName><params>')).toThrow();
    expect(() => parseMethodCall('<foo/>')).toThrow();
  });

  it('writes values by model type: ints untagged, floats as <double> (%.16g), bools, datetimes, sets, maps, records', () => {
    expect(toXml(1073741824, 'int')).toBe('<value>1073741824</value>');
    expect(toXml(1, 'float')).toBe('<value><double>1</double></value>');
    expect(toXml(0.1 + 0.2, 'float')).toBe('<value><double>0.3</double></value>');
    expect(toXml(NaN, 'float')).toBe('<value><double>nan</double></value>');
    expect(toXml(true, 'bool')).toBe('<value><boolean>1</boolean></value>');
    expect(toXml('19700101T00:00:00Z', 'datetime')).toBe('<value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601></value>');
    expect(toXml('a<b&"c"\u0001', 'string')).toBe('<value>a&lt;b&amp;&quot;c&quot;</value>');
    expect(toXml([], 'string set')).toBe('<value><array><data></data></array></value>');
    expect(toXml({}, '(string -> string) map')).toBe('<value><struct></struct></value>');
    expect(toXml('', 'void')).toBe('<value></value>');
    const rec = toXml({ name_label: 'x', memory_static_max: 5, HVM_shadow_multiplier: 1, is_a_template: false, snapshot_time: '19700101T00:00:00Z', tags: [] }, 'VM record');
    expect(rec).toBe('<value><struct><member><name>name_label</name><value>x</value></member><member><name>memory_static_max</name><value>5</value></member>'
      + '<member><name>HVM_shadow_multiplier</name><value><double>1</double></value></member><member><name>is_a_template</name><value><boolean>0</boolean></value></member>'
      + '<member><name>snapshot_time</name><value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601></value></member><member><name>tags</name><value><array><data></data></array></value></member></struct></value>');
  });

  it('wraps results as {Status, Value} and errors as {Status: Failure, ErrorDescription}', () => {
    expect(successXml('<value>OpaqueRef:x</value>')).toBe('<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name><value>OpaqueRef:x</value></member></struct></value></param></params></methodResponse>');
    expect(failureXml(['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure'])).toBe('<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>SESSION_AUTHENTICATION_FAILED</value><value>root</value><value>Authentication failure</value></data></array></value></member></struct></value></param></params></methodResponse>');
  });

  it('untagged XML-RPC ints reach handlers as numbers through the parameter check', () => {
    const m = messageInfo('VM.set_memory_limits')!;
    expect(checkParams(m, ['OpaqueRef:x', '1', '2', ' 3', 4])).toEqual(['OpaqueRef:x', 1, 2, 3, 4]);
  });
});
