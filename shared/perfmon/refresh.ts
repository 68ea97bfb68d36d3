// After the Alerts page is saved, XenCenter's PerfmonDefinitionAction asks the perfmon daemon of each
// affected server to re-read its configuration at once (host.call_plugin(host, "perfmon", "refresh", {})):
// perfmon otherwise re-reads it only every 30 minutes. Which servers: a VM's home server (VM.Home()),
// a server itself, an SR's servers (one per PBD); a pool has no Alerts page of its own. Pure.
import type { PerfmonClass } from './alerts';

type Rec = Record<string, unknown>;
/** A record by class (lower case) and ref, from the client's cache, as XenCenter's Connection.Resolve. */
export type Lookup = (cls: string, ref: string) => Rec | undefined;

export const PERFMON_PLUGIN = 'perfmon';
export const PERFMON_REFRESH = 'refresh';

const refs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const isRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith('OpaqueRef:') && v !== 'OpaqueRef:NULL';
const resolved = (get: Lookup, cls: string, ref: unknown): string | undefined => (isRef(ref) && get(cls, ref) ? ref : undefined);

/** SR.GetStorageHost: the one server of a local SR (not shared, one PBD). */
function srStorageHost(get: Lookup, srRef: unknown): string | undefined {
  const sr = isRef(srRef) ? get('sr', srRef) : undefined;
  if (!sr || sr.shared === true) return undefined;
  const pbds = refs(sr.PBDs);
  return pbds.length === 1 ? resolved(get, 'host', get('pbd', pbds[0])?.host) : undefined;
}

/** VM.Home(): a snapshot's VM's home; none for a template; where it runs; where its local disks are; its live affinity. */
export function vmHome(get: Lookup, vmRef: string, depth = 0): string | undefined {
  const vm = get('vm', vmRef);
  if (!vm) return undefined;
  if (vm.is_a_snapshot === true) return depth === 0 && isRef(vm.snapshot_of) ? vmHome(get, vm.snapshot_of, 1) : undefined;
  if (vm.is_a_template === true) return undefined;
  if (vm.power_state === 'Running') return resolved(get, 'host', vm.resident_on);
  for (const vbd of refs(vm.VBDs)) {
    const vdi = get('vdi', String(get('vbd', vbd)?.VDI ?? ''));
    const host = vdi ? srStorageHost(get, vdi.SR) : undefined;
    if (host) return host;
  }
  const affinity = resolved(get, 'host', vm.affinity);
  return affinity && get('host_metrics', String(get('host', affinity)?.metrics ?? ''))?.live === true ? affinity : undefined;
}

/** The servers whose perfmon must re-read its configuration after the alerts of this object changed. */
export function perfmonRefreshHosts(get: Lookup, cls: PerfmonClass, ref: string): string[] {
  if (cls === 'host') return get('host', ref) ? [ref] : [];
  if (cls === 'VM') { const h = vmHome(get, ref); return h ? [h] : []; }
  const hosts = refs(get('sr', ref)?.PBDs).map((p) => resolved(get, 'host', get('pbd', p)?.host)).filter((h): h is string => h !== undefined);
  return [...new Set(hosts)];
}

/**
 * The perfmon plugin answers "True" when the daemon took the command, else "ERROR_<errno>: <words>" (as a
 * result, not an error: its daemon not running gives "ERROR_111: Connection refused"). Its words, or undefined.
 */
export function refreshReplyProblem(reply: unknown): string | undefined {
  if (reply === 'True') return undefined;
  const s = typeof reply === 'string' ? reply : JSON.stringify(reply);
  const m = /^ERROR_(\d+): (.*)$/s.exec(s);
  return m ? `${m[2]} (ERROR_${m[1]})` : `unexpected reply ${JSON.stringify(s.slice(0, 80))}`;
}
