// The Alerts page's settings as they cross the IPC contract: checked shape and ranges, in words.
import { ContractError, exactKeys, isPlainObject } from '../ipc/checks';
import { CLASS_ALERTS, perfmonProblems, type AlertName, type AlertSetting, type PerfmonClass, type PerfmonSettings } from './alerts';

/** `changes.perfmon` of a VM, host or SR: `{ alerts: { <name>: { threshold, minutes } }, intervalMinutes }`. */
export function parsePerfmonSettings(cls: PerfmonClass, v: unknown): PerfmonSettings {
  if (!isPlainObject(v)) throw new ContractError('"perfmon" must be an object');
  exactKeys(v, ['alerts', 'intervalMinutes']);
  if (!isPlainObject(v.alerts)) throw new ContractError('"perfmon.alerts" must be an object');
  if (typeof v.intervalMinutes !== 'number') throw new ContractError('"perfmon.intervalMinutes" must be a number');
  const alerts: Partial<Record<AlertName, AlertSetting>> = {};
  for (const [name, a] of Object.entries(v.alerts)) {
    if (!(CLASS_ALERTS[cls] as string[]).includes(name)) throw new ContractError(`"perfmon.alerts" has no alert "${name}" for a ${cls}`);
    if (!isPlainObject(a)) throw new ContractError(`"perfmon.alerts.${name}" must be an object`);
    exactKeys(a, ['threshold', 'minutes']);
    if (typeof a.threshold !== 'number' || typeof a.minutes !== 'number') throw new ContractError(`"perfmon.alerts.${name}" needs a numeric threshold and minutes`);
    alerts[name as AlertName] = { threshold: a.threshold, minutes: a.minutes };
  }
  const out: PerfmonSettings = { alerts, intervalMinutes: v.intervalMinutes };
  const problems = perfmonProblems(cls, out);
  if (problems.length > 0) throw new ContractError(problems[0]);
  return out;
}
