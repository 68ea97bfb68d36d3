import { describe, expect, it } from 'vitest';
import { computeVmAllowed, vmOpError } from '../../simulator/allowed-ops';
import { Db } from '../../simulator/db';

// SEMANTICS.md 1.3, restricted to the ops of this model's vm_operations enum.
const sorted = (a: string[]) => [...a].sort();

function vm(db: Db, values: Record<string, unknown>, guest?: Record<string, unknown>): string {
  const metrics = db.create('VM_metrics', { current_domain_type: values.domain_type ?? 'hvm' });
  const guest_metrics = guest ? db.create('VM_guest_metrics', guest) : 'OpaqueRef:NULL';
  return db.create('VM', { metrics, guest_metrics, power_state: 'Halted', domain_type: 'hvm', ...values });
}

describe('VM allowed_operations (SEMANTICS.md 1.3)', () => {
  const db = new Db();
  it('plain Halted VM', () => {
    expect(sorted(computeVmAllowed(db, vm(db, {})))).toEqual(sorted(['snapshot', 'clone', 'copy', 'start', 'start_on', 'migrate_send',
      'changing_dynamic_range', 'changing_static_range', 'changing_shadow_memory', 'changing_NVRAM', 'make_into_template', 'export',
      'metadata_export', 'destroy', 'create_vtpm']));
  });
  it('Running with PV drivers, and HVM without them', () => {
    const withDrivers = vm(db, { power_state: 'Running' }, { PV_drivers_version: { major: '9', minor: '1' } });
    expect(sorted(computeVmAllowed(db, withDrivers))).toEqual(sorted(['snapshot', 'checkpoint', 'pause', 'clean_shutdown', 'clean_reboot',
      'hard_shutdown', 'hard_reboot', 'suspend', 'pool_migrate', 'migrate_send', 'changing_dynamic_range', 'changing_VCPUs_live', 'metadata_export']));
    const bare = vm(db, { power_state: 'Running' });
    expect(sorted(computeVmAllowed(db, bare))).toEqual(sorted(['snapshot', 'pause', 'hard_shutdown', 'hard_reboot', 'changing_dynamic_range', 'metadata_export']));
  });
  it('Paused, Suspended, templates, snapshots and dom0', () => {
    expect(sorted(computeVmAllowed(db, vm(db, { power_state: 'Paused', domain_type: 'pv' })))).toEqual(sorted(['snapshot', 'checkpoint', 'unpause', 'hard_shutdown', 'hard_reboot', 'metadata_export']));
    expect(sorted(computeVmAllowed(db, vm(db, { power_state: 'Suspended' })))).toEqual(sorted(['snapshot', 'checkpoint', 'resume', 'resume_on', 'hard_shutdown', 'migrate_send', 'export', 'destroy', 'metadata_export']));
    const tmpl = ['changing_dynamic_range', 'changing_static_range', 'changing_shadow_memory', 'changing_NVRAM', 'clone', 'copy', 'export', 'metadata_export', 'provision'];
    expect(sorted(computeVmAllowed(db, vm(db, { is_a_template: true })))).toEqual(sorted([...tmpl, 'destroy', 'migrate_send']));
    expect(sorted(computeVmAllowed(db, vm(db, { is_a_template: true, other_config: { default_template: 'true' } })))).toEqual(sorted(tmpl));
    expect(sorted(computeVmAllowed(db, vm(db, { is_a_template: true, is_a_snapshot: true })))).toEqual(sorted(['revert', 'clone', 'copy', 'export', 'destroy', 'metadata_export']));
    expect(sorted(computeVmAllowed(db, vm(db, { power_state: 'Running', is_control_domain: true, domain_type: 'pv' })))).toEqual(sorted(['changing_dynamic_range', 'changing_static_range', 'metadata_export']));
  });
  it('errors in check order: blocked, power state, concurrency, template', () => {
    const a = vm(db, { blocked_operations: { start: 'no' }, power_state: 'Running' });
    expect(vmOpError(db, a, 'start', false)?.toArray()).toEqual(['OPERATION_BLOCKED', a, 'no']);
    expect(vmOpError(db, a, 'resume', false)?.toArray()).toEqual(['VM_BAD_POWER_STATE', a, 'suspended', 'running']);
    expect(vmOpError(db, a, 'hard_shutdown', false)).toBeNull();
    const busy = vm(db, { current_operations: { 'OpaqueRef:t1': 'start' } });
    expect(vmOpError(db, busy, 'start', false)?.toArray()).toEqual(['OTHER_OPERATION_IN_PROGRESS', 'VM', busy, 'start', 'OpaqueRef:t1']);
    expect(computeVmAllowed(db, busy)).toEqual([]);
    const t = vm(db, { is_a_template: true });
    expect(vmOpError(db, t, 'start', false)?.toArray()).toEqual(['VM_IS_TEMPLATE', t, 'start']);
    expect(vmOpError(db, vm(db, { power_state: 'Paused' }), 'hard_shutdown', false)).toBeNull();
    const p = vm(db, { power_state: 'Paused' });
    expect(vmOpError(db, p, 'clean_shutdown', false)?.toArray()).toEqual(['VM_BAD_POWER_STATE', p, 'running', 'paused']);
    const h = vm(db, {});
    expect(vmOpError(db, h, 'hard_shutdown', false)?.toArray()).toEqual(['VM_BAD_POWER_STATE', h, 'paused, suspended, running', 'halted']);
  });
});
