// host and pool allowed_operations (SEMANTICS.md 5.1, 6.1): the same checker validates a call and
// builds the list, as for VMs; ops are marked in current_operations {task: op} while they run, and a
// conflicting op waits (0.2) instead of failing.
import { ENUMS } from '../shared/xapi/model';
import type { Db } from './db';
import type { CallCtx } from './sim';
import { XapiError } from './xapi-error';
import { withCurrentOp } from './current-ops';

const HOST_OPS = ENUMS.host_allowed_operations ?? [];
const POOL_OPS = ENUMS.pool_allowed_operations ?? [];
const ADDS_VMS = ['provision', 'vm_resume', 'vm_migrate'];
const REMOVES_VMS = ['evacuate', 'reboot', 'shutdown'];
const EXCLUSIVE = ['reboot', 'shutdown', 'apply_updates'];

export function hostOpError(db: Db, hostRef: string, op: string): XapiError | null {
  const h = db.get('host', hostRef);
  if (!h) return new XapiError('HANDLE_INVALID', ['host', hostRef]);
  const cur = (h.current_operations ?? {}) as Record<string, string>;
  const running = Object.entries(cur);
  const busy = (ops: string[]) => running.find(([, o]) => ops.includes(o));
  const inProgress = ([task, o]: [string, string]) => new XapiError('OTHER_OPERATION_IN_PROGRESS', ['host', hostRef, o, task]);
  let hit: [string, string] | undefined;
  if (REMOVES_VMS.includes(op) && (hit = busy(ADDS_VMS))) return inProgress(hit);
  if (ADDS_VMS.includes(op) && (hit = busy(REMOVES_VMS))) return inProgress(hit);
  if (EXCLUSIVE.includes(op) && (hit = busy(EXCLUSIVE))) return inProgress(hit);
  if (op === 'provision' && (hit = busy(['provision']))) return inProgress(hit);
  if (op === 'evacuate' && (hit = busy(['evacuate']))) return inProgress(hit);
  if (EXCLUSIVE.includes(op) && h.enabled === true) return new XapiError('HOST_NOT_DISABLED', []);
  if (op === 'power_on') {
    if (db.get('host_metrics', String(h.metrics))?.live === true) return new XapiError('HOST_IS_LIVE', [hostRef]);
    if (!h.power_on_mode) return new XapiError('HOST_POWER_ON_MODE_DISABLED', []);
  }
  return null;
}

function storeIfChanged(db: Db, cls: string, ref: string, next: string[]): void {
  const cur = (db.get(cls, ref)?.allowed_operations ?? []) as string[];
  if (cur.length !== next.length || cur.some((o, i) => o !== next[i])) db.update(cls, ref, { allowed_operations: next });
}

export function computeHostAllowed(db: Db, hostRef: string): string[] {
  return HOST_OPS.filter((op) => hostOpError(db, hostRef, op) === null);
}

export function refreshHostAllowed(db: Db, hostRef: string): void {
  if (db.get('host', hostRef)) storeIfChanged(db, 'host', hostRef, computeHostAllowed(db, hostRef));
}

const BLOCKING: Record<string, string> = {
  ha_enable: 'HA_ENABLE_IN_PROGRESS', ha_disable: 'HA_DISABLE_IN_PROGRESS', cluster_create: 'CLUSTER_CREATE_IN_PROGRESS',
  designate_new_master: 'DESIGNATE_NEW_MASTER_IN_PROGRESS', tls_verification_enable: 'TLS_VERIFICATION_ENABLE_IN_PROGRESS',
  configure_repositories: 'CONFIGURE_REPOSITORIES_IN_PROGRESS', sync_updates: 'SYNC_UPDATES_IN_PROGRESS',
  apply_updates: 'APPLY_UPDATES_IN_PROGRESS',
};

export function poolOpError(db: Db, poolRef: string, op: string): XapiError | null {
  const p = db.get('pool', poolRef);
  if (!p) return new XapiError('HANDLE_INVALID', ['pool', poolRef]);
  const running = Object.entries((p.current_operations ?? {}) as Record<string, string>);
  if (op in BLOCKING) {
    const hit = running.find(([, o]) => o in BLOCKING);
    if (hit) return new XapiError(BLOCKING[hit[1]], []);
  }
  const other = running.find(([, o]) => o === op);
  if (other) return new XapiError('OTHER_OPERATION_IN_PROGRESS', ['pool', poolRef, op, other[0]]);
  if (p.ha_enabled === true && (op === 'ha_enable' || op === 'tls_verification_enable')) return new XapiError('HA_IS_ENABLED', []);
  if (p.ha_enabled !== true && op === 'ha_disable') return new XapiError('HA_NOT_ENABLED', []);
  if (op === 'tls_verification_enable' && p.tls_verification_enabled === true) return new XapiError('OPERATION_NOT_ALLOWED', ['TLS verification is already enabled']);
  return null;
}

export function computePoolAllowed(db: Db, poolRef: string): string[] {
  return POOL_OPS.filter((op) => poolOpError(db, poolRef, op) === null);
}

export function refreshPoolAllowed(db: Db, poolRef: string): void {
  if (db.get('pool', poolRef)) storeIfChanged(db, 'pool', poolRef, computePoolAllowed(db, poolRef));
}

/** Validates op on a host or pool (waiting while another op is in progress), marks it in
 * current_operations for the duration of body, then clears it; allowed_operations follow. */
export async function withObjectOp<T>(ctx: CallCtx, cls: 'host' | 'pool', ref: string, op: string, body: () => Promise<T>, stored = op): Promise<T> {
  const { db } = ctx.sim;
  const check = cls === 'host' ? hostOpError : poolOpError;
  const refresh = cls === 'host' ? refreshHostAllowed : refreshPoolAllowed;
  for (;;) {
    const err = check(db, ref, op);
    if (!err) break;
    if (err.code !== 'OTHER_OPERATION_IN_PROGRESS') throw err;
    ctx.sim.checkCancelled(ctx);
    await new Promise<void>((resolve) => { const off = db.onChange(() => { off(); resolve(); }); });
  }
  return withCurrentOp(db, cls, ref, ctx.task ?? `sync-${op}`, stored, () => refresh(db, ref), body);
}
