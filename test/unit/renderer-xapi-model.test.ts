// xapi-model's shared reads of records: refs, allowed_operations, the VM kinds, and the typed
// record()/table()/entries() lookups, on well-formed records and on what a hostile server may send.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../renderer/src/state/store';
import { allows, isControlDomain, isPlainVm, isSnapshot, isTemplate } from '../../renderer/src/xapi-model/predicates';
import { entries, record, table, type XRec } from '../../renderer/src/xapi-model/records';
import { isOpaqueRef, isRef, looksLikeOpaqueRef, NULL_REF, refs } from '../../renderer/src/xapi-model/refs';

type Rec = Record<string, unknown>;

function storeWith(changes: Array<{ cls: string; ref: string; record: Rec }>) {
  const s = createAppStore();
  s.getState().applySnapshot({
    connections: [{ id: 'c1', url: 'https://h', hostname: 'h', user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [] }],
    deltas: [{ connectionId: 'c1', reset: true, changes: changes.map((c) => ({ ...c, op: 'add' as const })) }],
  });
  return s.getState();
}

describe('refs', () => {
  it('isRef: a non-empty string other than the null ref', () => {
    expect(isRef('OpaqueRef:abc')).toBe(true);
    expect(isRef('h1')).toBe(true);
    expect(isRef(NULL_REF)).toBe(false);
    expect(isRef('')).toBe(false);
    expect(isRef({ toString: () => 'OpaqueRef:abc' })).toBe(false);
    expect(isRef(['OpaqueRef:abc'])).toBe(false);
    expect(isRef(undefined)).toBe(false);
    expect(isRef(42)).toBe(false);
  });

  it('isOpaqueRef also wants the OpaqueRef: prefix; looksLikeOpaqueRef accepts the null ref', () => {
    expect(isOpaqueRef('OpaqueRef:abc')).toBe(true);
    expect(isOpaqueRef('h1')).toBe(false);
    expect(isOpaqueRef(NULL_REF)).toBe(false);
    expect(isOpaqueRef({ startsWith: () => true })).toBe(false);
    expect(looksLikeOpaqueRef(NULL_REF)).toBe(true);
    expect(looksLikeOpaqueRef('OpaqueRef:x')).toBe(true);
    expect(looksLikeOpaqueRef('opaqueref:x')).toBe(false);
    expect(looksLikeOpaqueRef(null)).toBe(false);
  });

  it('refs keeps only the refs of an array, and nothing of anything else', () => {
    expect(refs(['OpaqueRef:a', NULL_REF, '', 7, { a: 1 }, 'OpaqueRef:b'])).toEqual(['OpaqueRef:a', 'OpaqueRef:b']);
    expect(refs('OpaqueRef:a')).toEqual([]);
    expect(refs({ 0: 'OpaqueRef:a', length: 1 })).toEqual([]);
    expect(refs(undefined)).toEqual([]);
  });
});

describe('allows', () => {
  it('is true only when allowed_operations is an array holding the op', () => {
    expect(allows({ allowed_operations: ['start', 'clone'] }, 'clone')).toBe(true);
    expect(allows({ allowed_operations: ['start'] }, 'clone')).toBe(false);
    expect(allows({ allowed_operations: [] }, 'start')).toBe(false);
    expect(allows({}, 'start')).toBe(false);
    expect(allows(undefined, 'start')).toBe(false);
  });

  it('a hostile allowed_operations (string, object, array of objects) allows nothing', () => {
    expect(allows({ allowed_operations: 'start' }, 'start')).toBe(false);
    expect(allows({ allowed_operations: { start: true, includes: () => true } }, 'start')).toBe(false);
    expect(allows({ allowed_operations: [{ toString: () => 'start' }] }, 'start')).toBe(false);
    expect(allows({ allowed_operations: ['START'] }, 'start')).toBe(false);
  });
});

describe('VM kinds', () => {
  const vm: XRec<'vm'> = { is_a_template: false, is_a_snapshot: false, is_control_domain: false };
  const template: XRec<'vm'> = { is_a_template: true, is_a_snapshot: false };
  const snapshot: XRec<'vm'> = { is_a_template: true, is_a_snapshot: true };
  const dom0: XRec<'vm'> = { is_control_domain: true };

  it('tells plain VMs, templates, snapshots and control domains apart', () => {
    expect([vm, template, snapshot, dom0].map(isPlainVm)).toEqual([true, false, false, false]);
    expect([vm, template, snapshot, dom0].map(isTemplate)).toEqual([false, true, false, false]);
    expect([vm, template, snapshot, dom0].map(isSnapshot)).toEqual([false, false, true, false]);
    expect([vm, template, snapshot, dom0].map(isControlDomain)).toEqual([false, false, false, true]);
    expect([isPlainVm(undefined), isTemplate(undefined), isSnapshot(undefined), isControlDomain(undefined)]).toEqual([false, false, false, false]);
    expect(isPlainVm({})).toBe(true);
  });

  it('a flag counts only as the boolean true: strings and objects from a hostile server do not', () => {
    expect(isSnapshot({ is_a_snapshot: 'true' })).toBe(false);
    expect(isTemplate({ is_a_template: 'true' })).toBe(false);
    expect(isTemplate({ is_a_template: { valueOf: () => true } })).toBe(false);
    expect(isControlDomain({ is_control_domain: 1 })).toBe(false);
    // So such a record counts as a plain VM, as each copy of the check did before.
    expect(isPlainVm({ is_a_template: 'true', is_a_snapshot: {}, is_control_domain: [true] })).toBe(true);
  });
});

describe('record, table, entries', () => {
  const s = storeWith([
    { cls: 'VM', ref: 'OpaqueRef:v1', record: { name_label: 'web', power_state: 'Running' } },
    { cls: 'VM', ref: 'OpaqueRef:v2', record: { name_label: { evil: true }, power_state: ['Halted'] } },
    { cls: 'host', ref: 'OpaqueRef:h1', record: { name_label: 'h1' } },
  ]);

  it('looks records up by the store\'s lowercase class name', () => {
    expect(record(s, 'c1', 'vm', 'OpaqueRef:v1')?.name_label).toBe('web');
    expect(record(s, 'c1', 'host', 'OpaqueRef:h1')?.name_label).toBe('h1');
    expect(record(s, 'c1', 'host', 'OpaqueRef:v1')).toBeUndefined();
    expect(record(s, 'c2', 'vm', 'OpaqueRef:v1')).toBeUndefined();
    expect(record(s, 'c1', 'sr', 'OpaqueRef:x')).toBeUndefined();
  });

  it('a ref that is not a string finds nothing', () => {
    expect(record(s, 'c1', 'vm', { toString: () => 'OpaqueRef:v1' })).toBeUndefined();
    expect(record(s, 'c1', 'vm', ['OpaqueRef:v1'])).toBeUndefined();
    expect(record(s, 'c1', 'vm', undefined)).toBeUndefined();
  });

  it('hands values over as the server sent them (objects where strings belong included)', () => {
    const v2 = record(s, 'c1', 'vm', 'OpaqueRef:v2');
    expect(v2?.name_label).toEqual({ evil: true });
    expect(v2?.power_state).toEqual(['Halted']);
  });

  it('table and entries list a class, empty for an unknown class or connection', () => {
    expect(table(s, 'c1', 'vm').map((v) => v.power_state)).toEqual(['Running', ['Halted']]);
    expect(entries(s, 'c1', 'vm').map(([ref]) => ref)).toEqual(['OpaqueRef:v1', 'OpaqueRef:v2']);
    expect(table(s, 'c1', 'pool')).toEqual([]);
    expect(entries(s, 'nope', 'vm')).toEqual([]);
  });

  it('checks field names at compile time', () => {
    const v1 = record(s, 'c1', 'vm', 'OpaqueRef:v1');
    // @ts-expect-error a misspelt field of VM is not a field of XRec<'vm'>
    expect(v1?.name_lable).toBeUndefined();
    // @ts-expect-error 'vms' is no class of the data model
    expect(table(s, 'c1', 'vms')).toEqual([]);
    // @ts-expect-error 'strat' is no operation of any class
    expect(allows(v1, 'strat')).toBe(false);
  });
});
