// The Alerts page's change as XAPI calls on the object (VM, host or SR): other_config:perfmon
// rewritten from the object's live value (so variables another client or xe set meanwhile are kept),
// removed then added as XenCenter's Helpers.SetOtherConfig does, or only removed when no variable is
// left. Pure; both Properties plans (shared/vm-properties, shared/object-properties) call it.
import { PERFMON_KEY, perfmonProblems, writeControlDomainPerfmon, writePerfmon, type PerfmonClass, type PerfmonSettings } from './alerts';
import { PerfmonXmlError } from './xml';

/** The object's fields the plan reads; a server's control domain (its ref and other_config) for the alerts kept there. */
export interface PerfmonNow { other_config?: unknown; controlDomain?: { ref: string; other_config?: unknown } }
/** A call on the object (the method without its class, the arguments after its ref), or with `vm` on that VM (the control domain). */
export interface PerfmonCall { method: string; args: unknown[]; step: string; vm?: string }

const STEP = 'Saving the alerts';

function currentXml(now: { other_config?: unknown }): string | undefined {
  const oc = now.other_config;
  const v = typeof oc === 'object' && oc !== null ? (oc as Record<string, unknown>)[PERFMON_KEY] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Why the alerts cannot be saved, in words, or []: bad settings, or a stored value that is not perfmon's XML. */
export function perfmonChangeProblems(cls: PerfmonClass, settings: PerfmonSettings, now: PerfmonNow): string[] {
  const out = perfmonProblems(cls, settings);
  const readable = (what: string, write: () => unknown) => {
    try { write(); } catch (e) {
      if (!(e instanceof PerfmonXmlError)) throw e;
      out.push(`The alert configuration stored on ${what} (other_config:perfmon) cannot be read: ${e.message}. Nothing was changed.`);
    }
  };
  readable(`this ${cls}`, () => writePerfmon(cls, currentXml(now), settings));
  if (cls === 'host' && now.controlDomain) readable('its control domain', () => writeControlDomainPerfmon(currentXml(now.controlDomain!), settings));
  return out;
}

function setKey(current: string | undefined, next: string | null, vm?: string): PerfmonCall[] {
  if (next === (current ?? null)) return [];
  const on = vm === undefined ? {} : { vm };
  const out: PerfmonCall[] = [{ method: 'remove_from_other_config', args: [PERFMON_KEY], step: STEP, ...on }];
  if (next !== null) out.push({ method: 'add_to_other_config', args: [PERFMON_KEY, next], step: STEP, ...on });
  return out;
}

/**
 * The calls; none for a value that would not change. A server's control domain memory alert goes to
 * its control domain first (as XenCenter's PerfmonDefinitionAction), only when the server has one.
 */
export function perfmonCalls(cls: PerfmonClass, settings: PerfmonSettings, now: PerfmonNow): PerfmonCall[] {
  const dom0 = cls === 'host' ? now.controlDomain : undefined;
  return [
    ...(dom0 ? setKey(currentXml(dom0), writeControlDomainPerfmon(currentXml(dom0), settings), dom0.ref) : []),
    ...setKey(currentXml(now), writePerfmon(cls, currentXml(now), settings)),
  ];
}
