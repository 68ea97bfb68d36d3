// The generic surface from the data model: parameter types, handles, uuids, qualifiers, map and
// set edits; and every name of the user's function reference classified against the model.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageInfo } from '../../shared/xapi/model';
import { startSimulator, type Simulator } from '../../simulator/index';
import { hasSharedDir, sharedSkipReason, sharedXapiDir } from '../support/shared-dir';

import { rpcReply as rpc, errArray, ok } from '../support/xapi-rpc';
type Rec = Record<string, unknown>;

describe('simulator generic surface', () => {
  let sim: Simulator;
  let s: string;
  let vm: string;
  const call = <T = unknown>(m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then((r) => ok<T>(r));
  const fail = (m: string, ...p: unknown[]) => rpc(sim.url, m, [s, ...p]).then(errArray);

  beforeAll(async () => {
    sim = await startSimulator({ taskDurationMs: 100 });
    s = ok<string>(await rpc(sim.url, 'session.login_with_password', ['root', 'xenroot']));
    vm = [...sim.records('VM')].find(([, v]) => !v.is_a_template && !v.is_control_domain && v.power_state === 'Halted')![0];
  });
  afterAll(async () => { await sim.close(); });

  it('checks parameter types: FIELD_TYPE_ERROR [param name] for int, bool, float, string, map, set and enum', async () => {
    expect(await fail('VM.set_VCPUs_max', vm, 'lots')).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.set_VCPUs_max', vm, 1.5)).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.start', vm, 'yes', false)).toEqual(['FIELD_TYPE_ERROR', 'start_paused']);
    expect(await fail('VM.set_name_label', vm, 42)).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.set_other_config', vm, ['a'])).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.set_other_config', vm, { a: 1 })).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.set_tags', vm, 'tag')).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.set_HVM_shadow_multiplier', vm, 'x')).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.set_actions_after_crash', vm, 'explode')).toEqual(['FIELD_TYPE_ERROR', 'value']);
    expect(await fail('VM.get_record', 17)).toEqual(['FIELD_TYPE_ERROR', 'self']);
    // nothing was changed by a refused call
    expect(sim.records('VM').get(vm)!.name_label).not.toBe(42);
  });

  it('accepts decimal strings for ints and floats and enum values in any case (normalised)', async () => {
    await call('VM.set_user_version', vm, '7');
    expect(sim.records('VM').get(vm)!.user_version).toBe(7);
    const task = await call<string>('task.create', 'progress', '');
    await call('task.set_progress', task, '0.5');
    expect(sim.records('task').get(task)!.progress).toBe(0.5);
    await call('task.destroy', task);
    await call('VM.set_actions_after_crash', vm, 'DESTROY');
    expect(sim.records('VM').get(vm)!.actions_after_crash).toBe('destroy');
  });

  it('HANDLE_INVALID [class, ref] for a wrong or missing ref, UUID_INVALID [class, uuid] for an unknown uuid', async () => {
    expect(await fail('VM.get_record', 'OpaqueRef:nope')).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
    expect(await fail('VM.set_name_label', 'OpaqueRef:NULL', 'x')).toEqual(['HANDLE_INVALID', 'VM', 'OpaqueRef:NULL']);
    expect(await fail('VDI.snapshot', 'OpaqueRef:gone', {})).toEqual(['HANDLE_INVALID', 'VDI', 'OpaqueRef:gone']);
    expect(await fail('SR.get_by_uuid', 'no-such-uuid')).toEqual(['UUID_INVALID', 'SR', 'no-such-uuid']);
    expect(await fail('VM.get_record')).toEqual(['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.get_record', '2', '1']);
  });

  it('read-only fields have no setter (MESSAGE_METHOD_UNKNOWN); RW fields do', async () => {
    expect(await fail('VM.set_power_state', vm, 'Running')).toEqual(['MESSAGE_METHOD_UNKNOWN', 'VM.set_power_state']);
    expect(await fail('VM.set_uuid', vm, 'x')).toEqual(['MESSAGE_METHOD_UNKNOWN', 'VM.set_uuid']);
    expect(await fail('VDI.set_virtual_size', 'OpaqueRef:x', 1)).toEqual(['MESSAGE_METHOD_UNKNOWN', 'VDI.set_virtual_size']);
    await call('VM.set_name_description', vm, 'described');
    expect(await call('VM.get_name_description', vm)).toBe('described');
  });

  it('add_to_ a map: MAP_DUPLICATE_KEY [class, field, ref, key] for an existing key; remove_from_ of a missing key is a no-op', async () => {
    await call('VM.add_to_other_config', vm, 'k1', 'v1');
    expect((await call<Rec>('VM.get_other_config', vm)).k1).toBe('v1');
    expect(await fail('VM.add_to_other_config', vm, 'k1', 'v2')).toEqual(['MAP_DUPLICATE_KEY', 'VM', 'other_config', vm, 'k1']);
    expect((await call<Rec>('VM.get_other_config', vm)).k1).toBe('v1');
    expect(await call('VM.remove_from_other_config', vm, 'absent')).toBe('');
    await call('VM.remove_from_other_config', vm, 'k1');
    expect('k1' in (await call<Rec>('VM.get_other_config', vm))).toBe(false);
  });

  it('add_/remove_ on sets (tags) are idempotent', async () => {
    await call('VM.set_tags', vm, []);
    await call('VM.add_tags', vm, 'blue');
    await call('VM.add_tags', vm, 'blue');
    expect(await call('VM.get_tags', vm)).toEqual(['blue']);
    await call('VM.remove_tags', vm, 'red');
    await call('VM.remove_tags', vm, 'blue');
    expect(await call('VM.get_tags', vm)).toEqual([]);
  });

  it('get_all, get_all_records, get_by_uuid, get_by_name_label agree with the store', async () => {
    const all = await call<string[]>('SR.get_all');
    expect(new Set(all)).toEqual(new Set(sim.records('SR').keys()));
    const recs = await call<Record<string, Rec>>('SR.get_all_records');
    const [ref, rec] = Object.entries(recs)[0];
    expect(await call('SR.get_by_uuid', rec.uuid)).toBe(ref);
    expect(await call<string[]>('SR.get_by_name_label', rec.name_label)).toContain(ref);
  });

  it.skipIf(!hasSharedDir)('every function the reference lists: model names never answer MESSAGE_METHOD_UNKNOWN, the others exactly do', async () => {
    if (!hasSharedDir) { console.warn(sharedSkipReason); return; }
    const text = readFileSync(resolve(sharedXapiDir, 'function-reference.md'), 'utf8');
    const names = [...new Set([...text.matchAll(/^\|\s*`([A-Za-z_]+\.[A-Za-z_0-9]+)`\s*\|/gm)].map((m) => m[1]))];
    expect(names.length).toBeGreaterThan(250);
    const unknown: string[] = [];
    for (const name of names) {
      const m = messageInfo(name);
      if (m) {
        // One parameter too many: the name is known, so the count check answers (nothing runs).
        const expected = m.paramTypes.length + (m.takesSession ? 1 : 0);
        const r = await rpc(sim.url, name, [s, ...Array.from({ length: expected }, () => '')]);
        if (name === 'session.login_with_password') continue; // 2-4 parameters: 5 is too many too, checked elsewhere
        expect(errArray(r), name).toEqual(['MESSAGE_PARAMETER_COUNT_MISMATCH', name, String(expected), String(expected + 1)]);
      } else {
        const r = await rpc(sim.url, name, [s]);
        unknown.push(name);
        expect(errArray(r), name).toEqual(['MESSAGE_METHOD_UNKNOWN', name]);
      }
    }
    expect(unknown).toEqual(expect.arrayContaining(['VM.export', 'VM.migrate', 'pool.ha_enable', 'host.get_memory_total']));
  });
});
