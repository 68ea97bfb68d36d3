// VM operation checks (SEMANTICS.md 1.1-1.5). The same checker validates a call and builds
// allowed_operations, as xapi does; `strict` adds the guest-feature checks that only the list uses.
import { ENUMS } from '../shared/xapi/model';
import type { Db } from './db';
import { isNullRef } from './db';
import type { Rec } from './fields';
import { XapiError } from './xapi-error';

const NEVER_LISTED = new Set(['create_template', 'power_state_reset', 'csvm', 'get_boot_record', 'send_sysrq', 'send_trigger',
  'query_services', 'shutdown', 'call_plugin', 'changing_memory_live', 'awaiting_memory_live', 'changing_memory_limits',
  'changing_shadow_memory_live', 'changing_VCPUs', 'assert_operation_valid', 'data_source_op', 'update_allowed_operations',
  'import', 'reverting']);
const CANDIDATES = (ENUMS.vm_operations ?? []).filter((o) => !NEVER_LISTED.has(o));

const H = 'halted', P = 'paused', S = 'suspended', R = 'running';
/** §1.2, in the order used for the "expected" string. */
const STATES: Record<string, string[]> = {};
const put = (ops: string, states: string[]) => { for (const o of ops.split(' ')) STATES[o] = states; };
put('start start_on provision make_into_template changing_shadow_memory changing_NVRAM create_vtpm changing_VCPUs changing_static_range changing_memory_limits', [H]);
put('unpause', [P]);
put('resume resume_on csvm', [S]);
put('clean_shutdown clean_reboot pause suspend pool_migrate changing_VCPUs_live snapshot_with_quiesce send_sysrq send_trigger call_plugin sysprep changing_memory_live awaiting_memory_live changing_shadow_memory_live data_source_op', [R]);
put('changing_dynamic_range', [H, R]);
put('clone copy', [H]);
put('destroy export create_template', [H, S]);
put('hard_reboot', [P, R]);
put('hard_shutdown checkpoint shutdown get_boot_record', [P, S, R]);
put('migrate_send', [H, S, R]);
put('import', []);

const TEMPLATE_OK = new Set(['changing_dynamic_range', 'changing_static_range', 'changing_shadow_memory', 'changing_NVRAM', 'clone',
  'copy', 'export', 'metadata_export', 'provision', 'destroy', 'migrate_send', 'update_allowed_operations',
  'assert_operation_valid', 'power_state_reset']);
const SNAPSHOT_OK = new Set(['revert', 'clone', 'copy', 'export', 'destroy', 'hard_shutdown', 'metadata_export']);
const CONTROL_DOMAIN_OK = new Set(['data_source_op', 'changing_memory_live', 'awaiting_memory_live', 'metadata_export',
  'changing_dynamic_range', 'changing_memory_limits', 'changing_static_range', 'start', 'start_on', 'changing_VCPUs', 'destroy']);
const NEEDS_SUSPEND = new Set(['suspend', 'checkpoint', 'pool_migrate', 'migrate_send']);

function concurrentOk(op: string, running: string[]): boolean {
  if (running.length === 0) return true;
  const all = (set: string[]) => running.every((r) => set.includes(r));
  if (['clone', 'copy', 'export'].includes(op) && all(['clone', 'copy', 'export'])) return true;
  if (['snapshot', 'checkpoint'].includes(op) && all(['snapshot', 'checkpoint'])) return true;
  if (op === 'hard_shutdown') return !running.includes('hard_shutdown');
  if (op === 'hard_reboot') return !running.includes('hard_shutdown') && !running.includes('hard_reboot');
  return false;
}

function implicitSupport(db: Db, vm: Rec): boolean {
  const m = db.get('VM_metrics', String(vm.metrics));
  if (m && ['pv', 'pvh', 'pv_in_pvh'].includes(String(m.current_domain_type))) return true;
  const g = db.get('VM_guest_metrics', String(vm.guest_metrics));
  const pv = (g?.PV_drivers_version ?? {}) as Record<string, string>;
  return /^\d+$/.test(pv.major ?? '') && /^\d+$/.test(pv.minor ?? '');
}

const isDefaultTemplate = (vm: Rec) => vm.is_default_template === true || 'default_template' in ((vm.other_config ?? {}) as Rec);

/** The first failing check for `op` on `vmRef`, or null. */
export function vmOpError(db: Db, vmRef: string, op: string, strict: boolean): XapiError | null {
  const vm = db.get('VM', vmRef);
  if (!vm) return new XapiError('HANDLE_INVALID', ['VM', vmRef]);
  const blocked = (vm.blocked_operations ?? {}) as Record<string, string>;
  if (op in blocked) return new XapiError('OPERATION_BLOCKED', [vmRef, blocked[op]]);
  const power = String(vm.power_state).toLowerCase();
  let states = STATES[op] ?? [H, P, S, R];
  if ((op === 'clone' || op === 'copy') && vm.is_a_snapshot) states = [H, S];
  if (vm.is_control_domain && ['changing_VCPUs', 'changing_static_range', 'changing_memory_limits'].includes(op)) states = [H, R];
  if (!states.includes(power)) return new XapiError('VM_BAD_POWER_STATE', [vmRef, states.join(', '), power]);
  const current = (vm.current_operations ?? {}) as Record<string, string>;
  const running = Object.values(current);
  if (!concurrentOk(op, running)) {
    const tasks = Object.keys(current);
    return running.length === 1
      ? new XapiError('OTHER_OPERATION_IN_PROGRESS', ['VM', vmRef, running[0], tasks[0]])
      : new XapiError('OTHER_OPERATION_IN_PROGRESS', ['VM', vmRef, `{${running.join(',')}}`, `{${tasks.join(',')}}`]);
  }
  if (vm.is_a_template && !vm.is_a_snapshot && !TEMPLATE_OK.has(op)) return new XapiError('VM_IS_TEMPLATE', [vmRef, op]);
  if (vm.is_a_template && !vm.is_a_snapshot && isDefaultTemplate(vm) && (op === 'destroy' || op === 'migrate_send')) {
    return new XapiError('VM_IS_TEMPLATE', [vmRef, op]); // SEMANTICS.md 3.6
  }
  if (vm.is_a_snapshot && !SNAPSHOT_OK.has(op)) return new XapiError('VM_IS_SNAPSHOT', [vmRef, op]);
  if (op === 'provision' && !vm.is_a_template) return new XapiError('PROVISION_ONLY_ALLOWED_ON_TEMPLATE', []);
  if (op === 'revert' && !vm.is_a_snapshot) return new XapiError('REVERT_ONLY_ALLOWED_ON_SNAPSHOT', []);
  if (vm.is_control_domain && !CONTROL_DOMAIN_OK.has(op)) return new XapiError('OPERATION_NOT_ALLOWED', ['This operation is not allowed on a control domain']);
  if (vm.is_control_domain && (op === 'changing_VCPUs' || op === 'destroy')) return new XapiError('OPERATION_NOT_ALLOWED', ['This operation is not allowed on dom0']);
  if (strict && (power === R || power === P) && !implicitSupport(db, vm)) {
    const g = db.get('VM_guest_metrics', String(vm.guest_metrics));
    const other = (g?.other ?? {}) as Record<string, string>;
    const has = (k: string) => other[k] === '1';
    if (NEEDS_SUSPEND.has(op) && !has('feature-suspend')) return new XapiError('VM_LACKS_FEATURE', [vmRef]);
    if (op === 'clean_shutdown' && !has('feature-shutdown') && !has('feature-poweroff')) return new XapiError('VM_LACKS_FEATURE', [vmRef]);
    if (op === 'clean_reboot' && !has('feature-shutdown') && !has('feature-reboot')) return new XapiError('VM_LACKS_FEATURE', [vmRef]);
    if (op === 'changing_VCPUs_live' && !has('feature-vcpu-hotplug')) return new XapiError('VM_LACKS_FEATURE', [vmRef]);
  }
  if (op === 'snapshot_with_quiesce') return new XapiError('VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED', [vmRef]);
  if (op === 'create_vtpm' && ((vm.VTPMs ?? []) as string[]).length > 0) return new XapiError('VTPM_MAX_AMOUNT_REACHED', ['1']);
  return null;
}

export function computeVmAllowed(db: Db, vmRef: string): string[] {
  return CANDIDATES.filter((op) => vmOpError(db, vmRef, op, true) === null).reverse();
}

/** Recomputes and stores VM.allowed_operations when it changed (each store is a DB change). */
export function refreshVmAllowed(db: Db, vmRef: string): void {
  const vm = db.get('VM', vmRef);
  if (!vm) return;
  const next = computeVmAllowed(db, vmRef);
  const cur = (vm.allowed_operations ?? []) as string[];
  if (cur.length !== next.length || cur.some((o, i) => o !== next[i])) db.update('VM', vmRef, { allowed_operations: next });
}

export const isNull = isNullRef;

// ---------- SR allowed_operations (SEMANTICS.md 7.4) and VIF allowed_operations (9.3) ----------
const SR_ALL_OPS = ['scan', 'destroy', 'forget', 'plug', 'unplug', 'update', 'vdi_create', 'vdi_introduce', 'vdi_destroy', 'vdi_resize',
  'vdi_clone', 'vdi_snapshot', 'pbd_create', 'pbd_destroy'];
/** SM capabilities missing per type (ISO/udev libraries cannot create, delete, resize or snapshot). */
const SR_ISO_MISSING = new Set(['vdi_create', 'vdi_destroy', 'vdi_resize', 'vdi_snapshot']);

export function computeSrAllowed(db: Db, srRef: string): string[] {
  const sr = db.get('SR', srRef);
  if (!sr) return [];
  const pbds = ((sr.PBDs as string[]) ?? []).map((p) => db.get('PBD', p)).filter((p): p is Rec => !!p);
  const attached = pbds.some((p) => p.currently_attached === true);
  const iso = sr.content_type === 'iso' || sr.type === 'iso' || sr.type === 'udev';
  const managedVdis = ((sr.VDIs as string[]) ?? []).map((v) => db.get('VDI', v)).some((v) => v && v.managed !== false && v.type !== 'rrd');
  const busy = Object.keys((sr.current_operations ?? {}) as Rec).length > 0;
  return SR_ALL_OPS.filter((op) => {
    if (iso && SR_ISO_MISSING.has(op)) return false;
    if ((op === 'destroy' || op === 'forget') && attached) return false;
    if (op === 'destroy' && (pbds.length === 0 || managedVdis)) return false;
    if (busy && op !== 'plug') return false;
    return true;
  });
}

export function refreshSrAllowed(db: Db, srRef: string): void {
  const sr = db.get('SR', srRef);
  if (!sr) return;
  const next = computeSrAllowed(db, srRef);
  const cur = (sr.allowed_operations ?? []) as string[];
  if (cur.length !== next.length || cur.some((o, i) => o !== next[i])) db.update('SR', srRef, { allowed_operations: next });
}

export function computeVifAllowed(db: Db, vifRef: string): string[] {
  const vif = db.get('VIF', vifRef);
  if (!vif) return [];
  if (Object.keys((vif.current_operations ?? {}) as Rec).length > 0) return [];
  const vm = db.get('VM', String(vif.VM));
  if (vm?.power_state !== 'Running') return ['attach'];
  return vif.currently_attached === true ? ['attach', 'unplug'] : ['attach', 'plug'];
}

export function refreshVifAllowed(db: Db, vifRef: string): void {
  const vif = db.get('VIF', vifRef);
  if (!vif) return;
  const next = computeVifAllowed(db, vifRef);
  const cur = (vif.allowed_operations ?? []) as string[];
  if (cur.length !== next.length || cur.some((o, i) => o !== next[i])) db.update('VIF', vifRef, { allowed_operations: next });
}
