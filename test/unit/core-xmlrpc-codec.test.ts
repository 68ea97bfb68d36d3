// The client's XML-RPC codec (FORMATS.md §2): values as XAPI writes them, the response envelope,
// task result text, schema shaping, request writing (read back by the simulator's parser), and
// hostile documents.
import { describe, expect, it } from 'vitest';
import {
  MAX_DEPTH, XmlRpcFormatError, decodeMethodResponse, encodeMethodCall, encodeValue, parseXmlRpcValue, shapeBySchema,
} from '../../electron/core/xapi/xmlrpc-codec';
import { decodeTaskResult, taskOutcome } from '../../electron/core/xapi/task-result';
import { XapiError } from '../../electron/core/xapi/errors';
import { parseMethodCall } from '../../simulator/xmlrpc-codec';

const ok = (value: string): string =>
  `<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name>${value}</member></struct></value></param></params></methodResponse>`;

describe('XML-RPC values', () => {
  it('reads every type XAPI writes', () => {
    expect(parseXmlRpcValue('<value>OpaqueRef:abc</value>')).toBe('OpaqueRef:abc');
    expect(parseXmlRpcValue('<value></value>')).toBe('');
    expect(parseXmlRpcValue('<value/>')).toBe('');
    expect(parseXmlRpcValue('<value>  spaced  </value>')).toBe('  spaced  ');
    expect(parseXmlRpcValue('<value><string>x&lt;y&gt;&amp;&quot;&apos;&#65;&#x42;</string></value>')).toBe('x<y>&"\'AB');
    expect(parseXmlRpcValue('<value><i4>70</i4></value>')).toBe(70);
    expect(parseXmlRpcValue('<value><int>-3</int></value>')).toBe(-3);
    expect(parseXmlRpcValue('<value><i8>1073741824</i8></value>')).toBe(1073741824);
    expect(parseXmlRpcValue('<value><double>0.5</double></value>')).toBe(0.5);
    expect(parseXmlRpcValue('<value><double>1</double></value>')).toBe(1);
    expect(parseXmlRpcValue('<value><double>inf</double></value>')).toBe(Infinity);
    expect(parseXmlRpcValue('<value><double>-inf</double></value>')).toBe(-Infinity);
    expect(parseXmlRpcValue('<value><double>nan</double></value>')).toBeNaN();
    expect(parseXmlRpcValue('<value><double>-nan</double></value>')).toBeNaN();
    expect(parseXmlRpcValue('<value><boolean>1</boolean></value>')).toBe(true);
    expect(parseXmlRpcValue('<value><boolean>0</boolean></value>')).toBe(false);
    expect(parseXmlRpcValue('<value><dateTime.iso8601>20130102T16:20:20Z</dateTime.iso8601></value>')).toBe('20130102T16:20:20Z');
    expect(parseXmlRpcValue('<value><nil/></value>')).toBeNull();
    expect(parseXmlRpcValue('<value><array><data></data></array></value>')).toEqual([]);
    expect(parseXmlRpcValue('<value><array/></value>')).toEqual([]);
    expect(parseXmlRpcValue('<value><struct></struct></value>')).toEqual({});
    expect(parseXmlRpcValue('<value><struct/></value>')).toEqual({});
    expect(parseXmlRpcValue('<value><array><data><value>OpaqueRef:a</value><value>OpaqueRef:b</value></data></array></value>')).toEqual(['OpaqueRef:a', 'OpaqueRef:b']);
    expect(parseXmlRpcValue('<value><![CDATA[<raw>]]></value>')).toBe('<raw>');
  });

  it('reads the VM record of FORMATS §2.5 (with line breaks) and shapes it like JSON-RPC', () => {
    const text = `<value><struct>
<member><name>uuid</name><value>686a447a-ccd9-8873-0460-49ca8125db5b</value></member>
<member><name>allowed_operations</name><value><array><data><value>suspend</value><value>hard_shutdown</value></data></array></value></member>
<member><name>current_operations</name><value><struct></struct></value></member>
<member><name>power_state</name><value>Running</value></member>
<member><name>user_version</name><value>0</value></member>
<member><name>is_a_template</name><value><boolean>0</boolean></value></member>
<member><name>memory_static_max</name><value>671088640</value></member>
<member><name>HVM_shadow_multiplier</name><value><double>1</double></value></member>
<member><name>platform</name><value><struct><member><name>viridian</name><value>true</value></member></struct></value></member>
<member><name>snapshot_time</name><value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601></value></member>
<member><name>VCPUs_max</name><value>2</value></member>
<member><name>tags</name><value><array><data></data></array></value></member>
</struct></value>`;
    const raw = parseXmlRpcValue(text) as Record<string, unknown>;
    expect(raw.memory_static_max).toBe('671088640'); // untagged int: text until shaped
    const vm = shapeBySchema(raw, 'VM record');
    expect(vm).toEqual({
      uuid: '686a447a-ccd9-8873-0460-49ca8125db5b', allowed_operations: ['suspend', 'hard_shutdown'], current_operations: {},
      power_state: 'Running', user_version: 0, is_a_template: false, memory_static_max: 671088640, HVM_shadow_multiplier: 1,
      platform: { viridian: 'true' }, snapshot_time: '19700101T00:00:00Z', VCPUs_max: 2, tags: [],
    });
    expect(Object.getPrototypeOf(vm)).toBe(Object.prototype);
  });

  it('shapes maps, sets, nested maps, options and event batches by the model type', () => {
    expect(shapeBySchema({ a: '1', b: '-2' }, '(string -> int) map')).toEqual({ a: 1, b: -2 });
    expect(shapeBySchema({ '0': '0.25', '1': 'nan' }, '(int -> float) map')).toEqual({ '0': 0.25, '1': NaN });
    expect(shapeBySchema(['1', '2'], 'int set')).toEqual([1, 2]);
    expect(shapeBySchema({ 'OpaqueRef:x': { a: 'b' } }, '(VM ref -> (string -> string) map) map')).toEqual({ 'OpaqueRef:x': { a: 'b' } });
    expect(shapeBySchema('7', 'int option')).toBe(7);
    expect(shapeBySchema('not a number', 'int')).toBe('not a number');
    const batch = shapeBySchema({
      events: [{ id: '9', class: 'vm', operation: 'mod', ref: 'OpaqueRef:v', snapshot: { VCPUs_max: '4', name_label: '12' } }, { id: '10', class: 'console', operation: 'del', ref: 'OpaqueRef:c' }],
      valid_ref_counts: { vm: 3 }, token: 't',
    }, 'an event batch') as { events: Array<{ snapshot?: Record<string, unknown> }> };
    expect(batch.events[0].snapshot).toEqual({ VCPUs_max: 4, name_label: '12' });
  });

  it('reads the response envelope: success, failure, fault and the bare system.listMethods array', () => {
    expect(decodeMethodResponse(ok('<value>OpaqueRef:s</value>'))).toEqual({ kind: 'success', value: 'OpaqueRef:s' });
    const failure = '<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>SESSION_AUTHENTICATION_FAILED</value><value>root</value><value>Authentication failure</value></data></array></value></member></struct></value></param></params></methodResponse>';
    expect(decodeMethodResponse(failure)).toEqual({ kind: 'failure', errorDescription: ['SESSION_AUTHENTICATION_FAILED', 'root', 'Authentication failure'] });
    const fault = '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>Too many</value></member></struct></value></fault></methodResponse>';
    expect(decodeMethodResponse(fault)).toEqual({ kind: 'fault', faultCode: 4, faultString: 'Too many' });
    expect(decodeMethodResponse('<methodResponse><params><param><value><array><data><value>VM.start</value></data></array></value></param></params></methodResponse>'))
      .toEqual({ kind: 'bare', value: ['VM.start'] });
  });

  it('rejects hostile and malformed documents with XmlRpcFormatError, without touching prototypes', () => {
    const bad = [
      '', 'not xml', '<value>', '<value></valeu>', '<value><i4>x</i4></value>', '<value><i4>1e3</i4></value>', '<value><boolean>yes</boolean></value>',
      '<value><double></double></value>', '<value><double>1,5</double></value>', '<value><unknown>1</unknown></value>',
      '<value><string>a</string><string>b</string></value>', '<value>text<i4>1</i4></value>', '<value>&bogus;</value>', '<value>a & b</value>',
      '<value>&#0;</value>', '<value>&#xD800;</value>', '<value>&#x110000;</value>',
      '<!DOCTYPE value [<!ENTITY a "aaaa">]><value>&a;</value>', '<value></value><value></value>', '<value></value>trailing',
      '<value><struct><member><value>x</value></member></struct></value>', '<value><struct><foo/></struct></value>',
      '<value><array><value>1</value></array></value>', '<value><i4><b/></i4></value>',
      `${'<value><array><data>'.repeat(MAX_DEPTH)}`, '<value><!-- open', '<value><![CDATA[ open</value>',
    ];
    for (const t of bad) expect(() => parseXmlRpcValue(t), t.slice(0, 60)).toThrow(XmlRpcFormatError);
    const deep = `${'<value><array><data>'.repeat(200)}<value>x</value>${'</data></array></value>'.repeat(200)}`;
    expect(() => parseXmlRpcValue(deep)).toThrow(/nested more than/);
    const proto = parseXmlRpcValue('<value><struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value>yes</value></member></struct></value></member><member><name>constructor</name><value>c</value></member></struct></value>') as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((proto as { polluted?: unknown }).polluted).toBeUndefined();
    for (const t of ['<methodCall/>', '<methodResponse></methodResponse>', '<methodResponse><params><param><value><struct><member><name>Status</name><value>Maybe</value></member></struct></value></param></params></methodResponse>',
      '<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member></struct></value></param></params></methodResponse>']) {
      expect(() => decodeMethodResponse(t), t).toThrow(XmlRpcFormatError);
    }
  });
});

describe('XML-RPC requests', () => {
  it('writes methodCall documents the simulator (a lenient XAPI parser) reads back exactly', () => {
    const params = ['OpaqueRef:s', 'a<b>&"c"', '', 42, -7, 0.5, true, false, ['x', 1], { k: 'v', n: { deep: [true] } }, 'é ✓'];
    const body = encodeMethodCall('VM.set_other_config', params);
    expect(body.startsWith('<?xml version="1.0"?><methodCall><methodName>VM.set_other_config</methodName><params>')).toBe(true);
    expect(body).toContain('<param><value>42</value></param>'); // ints as decimal text, as xapi's clients send
    expect(parseMethodCall(body)).toEqual({ method: 'VM.set_other_config', params: ['OpaqueRef:s', 'a<b>&"c"', '', '42', '-7', 0.5, true, false, ['x', '1'], { k: 'v', n: { deep: [true] } }, 'é ✓'] });
    expect(encodeValue(Infinity)).toBe('<value><double>inf</double></value>');
    expect(encodeValue(NaN)).toBe('<value><double>nan</double></value>');
    expect(encodeValue(null)).toBe('<value><nil/></value>');
    expect(encodeValue(new Date(Date.UTC(2013, 0, 2, 16, 20, 20)))).toBe('<value><dateTime.iso8601>20130102T16:20:20Z</dateTime.iso8601></value>');
    expect(encodeValue('a\u0001b')).toBe('<value>ab</value>');
    expect(() => encodeValue(() => 1)).toThrow(XmlRpcFormatError);
  });
});

describe('task results (FORMATS §2.4)', () => {
  it('decodes result text by the method result type', () => {
    expect(decodeTaskResult('<value>OpaqueRef:5c0e5a07</value>', 'VM.clone')).toBe('OpaqueRef:5c0e5a07');
    expect(decodeTaskResult('<value></value>', 'VM.start')).toBe('');
    expect(decodeTaskResult('', 'VM.start')).toBe('');
    expect(decodeTaskResult('<value><array><data><value>OpaqueRef:a</value><value>OpaqueRef:b</value></data></array></value>', 'VM.get_all')).toEqual(['OpaqueRef:a', 'OpaqueRef:b']);
    expect(decodeTaskResult('<value>&lt;restrictions&gt;</value>', 'host.get_system_status_capabilities')).toBe('<restrictions>');
    expect(decodeTaskResult('<value>42</value>', 'VM.get_VCPUs_max')).toBe(42);
    expect(decodeTaskResult('<value><boolean>1</boolean></value>', 'VM.get_is_a_template')).toBe(true);
    expect(() => decodeTaskResult('<value>', 'VM.clone')).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
    expect(() => decodeTaskResult(5, 'VM.clone')).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
  });

  it('turns failure and cancelled into the exact XapiError', () => {
    expect(taskOutcome('OpaqueRef:t', { status: 'success', result: '<value>OpaqueRef:n</value>' }, 'VM.clone')).toBe('OpaqueRef:n');
    const err = (() => { try { taskOutcome('OpaqueRef:t', { status: 'failure', error_info: ['VM_BAD_POWER_STATE', 'OpaqueRef:v', 'halted', 'running'] }, 'VM.start'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(XapiError);
    expect(err).toMatchObject({ code: 'VM_BAD_POWER_STATE', params: ['OpaqueRef:v', 'halted', 'running'], fromServer: true });
    expect(() => taskOutcome('OpaqueRef:t', { status: 'cancelled', error_info: ['TASK_CANCELLED'] }, 'VM.start')).toThrow(expect.objectContaining({ code: 'TASK_CANCELLED', params: ['OpaqueRef:t'] }));
    expect(() => taskOutcome('OpaqueRef:t', { status: 'failure', error_info: [] }, 'VM.start')).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
    expect(() => taskOutcome('OpaqueRef:t', { status: 'weird' }, 'VM.start')).toThrow(expect.objectContaining({ code: 'INVALID_RESPONSE' }));
  });
});
