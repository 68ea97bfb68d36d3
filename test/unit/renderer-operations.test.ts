// The "XAPI Operations" catalogue and parameter form: every reference operation gets an input per
// parameter from its model type, and typed text becomes the value the call sends or a clear error.
import { describe, expect, it } from 'vitest';
import { messageInfo } from '../../shared/xapi/model';
import { confirmationFor, emptyStringParams, findOperation, formatResult, isReadOperation, modelClassOf, OPERATION_CLASSES, operationsOf } from '../../renderer/src/features/operations/catalog';
import { initialRaw, paramKind, parseAll, parseParam } from '../../renderer/src/features/operations/param-form';
import { OPERATIONS_COMMAND } from '../../renderer/src/features/operations/command';
import type { ConnectionInfo } from '../../shared/ipc/contract';

describe('operation catalogue', () => {
  it('holds the reference operations with the model signatures, never session or event calls', () => {
    const vm = operationsOf('VM').map((o) => o.name);
    expect(vm).toEqual(expect.arrayContaining(['start', 'clean_shutdown', 'pool_migrate', 'snapshot', 'clone', 'get_record']));
    expect(OPERATION_CLASSES).not.toContain('session');
    expect(OPERATION_CLASSES).not.toContain('event');
    for (const cls of OPERATION_CLASSES) {
      for (const op of operationsOf(cls)) {
        const m = messageInfo(op.wire)!;
        expect(op.params.map((p) => p.type), op.wire).toEqual(m.paramTypes);
        expect(op.params.map((p) => p.name), op.wire).toEqual(m.paramNames);
      }
    }
    expect(findOperation('VM.start')).toMatchObject({ async: true, result: 'void', params: [{ name: 'vm', kind: { kind: 'ref', cls: 'VM' } }, { name: 'start_paused', kind: { kind: 'bool' } }, { name: 'force', kind: { kind: 'bool' } }] });
    expect(findOperation('VM.get_record')?.async).toBe(false);
    expect(modelClassOf('vm')).toBe('VM');
    expect(modelClassOf('sr')).toBe('SR');
    expect(modelClassOf('host')).toBe('host');
    expect(modelClassOf('nothing')).toBeUndefined();
  });

  it('reads results the way a user does: refs by name, sets per line, maps key = value', () => {
    const label = (r: string) => (r === 'OpaqueRef:a' ? "VM 'web-01'" : undefined);
    expect(formatResult('', 'void', label)).toBe('Done.');
    expect(formatResult('OpaqueRef:a', 'VM ref', label)).toBe("VM 'web-01'");
    expect(formatResult('OpaqueRef:NULL', 'VM ref', label)).toBe('(none)');
    expect(formatResult(['OpaqueRef:a', 'OpaqueRef:b'], 'VM ref set', label)).toBe("VM 'web-01'\nOpaqueRef:b");
    expect(formatResult({ k: 'v', x: 'y' }, '(string -> string) map', label)).toBe('k = v\nx = y');
    expect(formatResult([], 'VM ref set', label)).toBe('(empty)');
    expect(formatResult(42, 'int', label)).toBe('42');
  });
});

describe('reads and changes', () => {
  it('only get_* calls are reads; setters and adders are changes', () => {
    const read = (w: string) => isReadOperation(findOperation(w)!);
    expect(['VM.get_record', 'VM.get_all', 'VM.get_all_records', 'VM.get_by_name_label', 'host.get_name_label'].map(read)).toEqual([true, true, true, true, true]);
    expect(['VM.set_name_label', 'VM.add_tags', 'VM.set_affinity', 'host.set_name_label', 'VM.start', 'VM.snapshot'].map(read)).toEqual([false, false, false, false, false, false]);
  });

  it('asks before a change, and before an empty string is sent, even by a read', () => {
    const set = findOperation('host.set_name_label')!;
    expect(emptyStringParams(set, ['OpaqueRef:h', ' '])).toEqual(['value']);
    expect(confirmationFor(set, ['OpaqueRef:h', ''], 'xcp-host-01')).toEqual([
      "host.set_name_label changes 'xcp-host-01'. Run it?",
      'value is empty and will be sent as an empty string (for set_name_label, that sets an empty value).',
    ]);
    expect(confirmationFor(set, ['OpaqueRef:h', 'web'], 'xcp-host-01')).toEqual(["host.set_name_label changes 'xcp-host-01'. Run it?"]);
    const get = findOperation('VM.get_by_name_label')!;
    expect(confirmationFor(get, ['web'], '')).toBeNull();
    expect(confirmationFor(get, [''], '')).toEqual(['label is empty and will be sent as an empty string.']);
    expect(confirmationFor(findOperation('VM.get_power_state')!, ['OpaqueRef:v'], 'web')).toBeNull();
  });
});

describe('parameter form', () => {
  it('chooses an input per model type', () => {
    expect(paramKind('VM ref')).toEqual({ kind: 'ref', cls: 'VM' });
    expect(paramKind('SR ref set')).toEqual({ kind: 'refSet', cls: 'SR' });
    expect(paramKind('enum vbd_mode')).toEqual({ kind: 'enum', values: ['RO', 'RW'] });
    expect(paramKind('(string -> string) map')).toEqual({ kind: 'map' });
    expect(paramKind('string set')).toEqual({ kind: 'stringSet' });
    expect(paramKind('VM record')).toEqual({ kind: 'json', type: 'VM record' });
    expect(paramKind('(VDI ref -> SR ref) map')).toEqual({ kind: 'json', type: '(VDI ref -> SR ref) map' });
  });

  it('starts a ref of the selected object\'s class with that object', () => {
    expect(initialRaw({ kind: 'ref', cls: 'VM' }, { cls: 'vm', ref: 'OpaqueRef:x' })).toBe('OpaqueRef:x');
    expect(initialRaw({ kind: 'ref', cls: 'host' }, { cls: 'vm', ref: 'OpaqueRef:x' })).toBe('');
    expect(initialRaw({ kind: 'json', type: '(VDI ref -> SR ref) map' })).toBe('{}');
  });

  it('turns input into values, and refuses bad input with the parameter named', () => {
    expect(parseParam({ kind: 'int' }, ' 42 ', 'n')).toEqual({ ok: true, value: 42 });
    expect(parseParam({ kind: 'int' }, '4.2', 'n')).toEqual({ ok: false, error: 'n: a whole number' });
    expect(parseParam({ kind: 'int' }, '99999999999999999999', 'n')).toEqual({ ok: false, error: 'n: too large' });
    expect(parseParam({ kind: 'float' }, '1.5', 'x')).toEqual({ ok: true, value: 1.5 });
    expect(parseParam({ kind: 'float' }, '', 'x')).toEqual({ ok: false, error: 'x: a number' });
    expect(parseParam({ kind: 'bool' }, true, 'b')).toEqual({ ok: true, value: true });
    expect(parseParam({ kind: 'ref', cls: 'VM' }, '', 'vm')).toEqual({ ok: false, error: 'vm: choose a VM' });
    expect(parseParam({ kind: 'ref', cls: 'VM' }, 'web-01', 'vm')).toEqual({ ok: false, error: 'vm: not an object reference' });
    expect(parseParam({ kind: 'enum', values: ['RO', 'RW'] }, 'XX', 'mode')).toEqual({ ok: false, error: 'mode: one of RO, RW' });
    expect(parseParam({ kind: 'map' }, 'a = 1\n\nb=x=y', 'm')).toEqual({ ok: true, value: { a: '1', b: 'x=y' } });
    expect(parseParam({ kind: 'map' }, 'a=1\nnovalue', 'm')).toEqual({ ok: false, error: 'm: line 2 is not key=value' });
    expect(parseParam({ kind: 'map' }, 'a=1\na=2', 'm')).toEqual({ ok: false, error: 'm: key a appears twice' });
    expect(parseParam({ kind: 'stringSet' }, 'x\n  y \n\n', 's')).toEqual({ ok: true, value: ['x', 'y'] });
    expect(parseParam({ kind: 'json', type: 'VM record' }, '{"name_label": "a"}', 'r')).toEqual({ ok: true, value: { name_label: 'a' } });
    expect(parseParam({ kind: 'json', type: 'VM record' }, '{oops', 'r')).toMatchObject({ ok: false, error: expect.stringMatching(/^r: not valid JSON/) });
    expect(parseParam({ kind: 'datetime' }, '2026-11-28T10:00:00Z', 'since')).toEqual({ ok: true, value: '20261128T10:00:00Z' });
    expect(parseParam({ kind: 'datetime' }, 'yesterday', 'since')).toMatchObject({ ok: false });
  });

  it('parses a whole form, collecting every error', () => {
    const kinds = [paramKind('VM ref'), paramKind('bool'), paramKind('int')];
    expect(parseAll(kinds, ['OpaqueRef:v', true, '3'], ['vm', 'b', 'n'])).toEqual({ values: ['OpaqueRef:v', true, 3], errors: [] });
    expect(parseAll(kinds, ['', false, 'x'], ['vm', 'b', 'n']).errors).toEqual(['vm: choose a VM', 'n: a whole number']);
  });
});

describe('the XAPI Operations command', () => {
  const store = (status: string) => ({ objects: new Map(), connections: new Map([['c', { status } as unknown as ConnectionInfo]]) });
  it('is offered for one object of a class with operations on a connected server', () => {
    const one = (cls: string) => [{ connectionId: 'c', cls, ref: 'OpaqueRef:x' }];
    expect(OPERATIONS_COMMAND.canExecute(one('vm'), store('connected'))).toBe(true);
    expect(OPERATIONS_COMMAND.canExecute(one('sr'), store('connected'))).toBe(true);
    expect(OPERATIONS_COMMAND.canExecute(one('vm'), store('disconnected'))).toBe(false);
    expect(OPERATIONS_COMMAND.canExecute(one('connection'), store('connected'))).toBe(false);
    expect(OPERATIONS_COMMAND.canExecute([...one('vm'), ...one('vm')], store('connected'))).toBe(false);
    expect(OPERATIONS_COMMAND.dialog).toBe('operations');
  });
});
