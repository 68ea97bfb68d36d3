// The Alerts page's change as XAPI calls on the object (VM, host or SR): other_config:perfmon
// rewritten from the object's live value (so variables another client or xe set meanwhile are kept),
// removed then added as XenCenter's Helpers.SetOtherConfig does, or only removed when no variable is
// left. Pure; both Properties plans (shared/vm-properties, shared/object-properties) call it.
import { PERFMON_KEY, perfmonProblems, writePerfmon, type PerfmonClass, type PerfmonSettings } from './alerts';
import { PerfmonXmlError } from './xml';

export interface PerfmonNow { other_config?: unknown }
/** A call on the object: the method without its class, the arguments after the object's ref. */
export interface PerfmonCall { method: string; args: unknown[]; step: string }

const STEP = 'Saving the alerts';

function currentXml(now: PerfmonNow): string | undefined {
  const oc = now.other_config;
  const v = typeof oc === 'object' && oc !== null ? (oc as Record<string, unknown>)[PERFMON_KEY] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Why the alerts cannot be saved, in words, or []: bad settings, or a stored value that is not perfmon's XML. */
export function perfmonChangeProblems(cls: PerfmonClass, settings: PerfmonSettings, now: PerfmonNow): string[] {
  const out = perfmonProblems(cls, settings);
  try {
    writePerfmon(cls, currentXml(now), settings);
  } catch (e) {
    if (!(e instanceof PerfmonXmlError)) throw e;
    out.push(`The alert configuration stored on this ${cls} (other_config:perfmon) cannot be read: ${e.message}. Nothing was changed.`);
  }
  return out;
}

/** The calls; none when the value would not change. */
export function perfmonCalls(cls: PerfmonClass, settings: PerfmonSettings, now: PerfmonNow): PerfmonCall[] {
  const current = currentXml(now);
  const next = writePerfmon(cls, current, settings);
  if (next === (current ?? null)) return [];
  const out: PerfmonCall[] = [{ method: 'remove_from_other_config', args: [PERFMON_KEY], step: STEP }];
  if (next !== null) out.push({ method: 'add_to_other_config', args: [PERFMON_KEY, next], step: STEP });
  return out;
}
