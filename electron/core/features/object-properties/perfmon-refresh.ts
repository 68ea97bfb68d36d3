// After a Properties save that changed the alerts: host.call_plugin(host, "perfmon", "refresh", {}) on each
// affected server (shared/perfmon/refresh.ts), as XenCenter's PerfmonDefinitionAction, within the same task.
// A server that cannot be told does not undo the save: perfmon reads the configuration again within 30
// minutes anyway. Such failures come back as a note in words (XAPI's words and code) for the task.
import type { Connection } from '../../connection/connection';
import type { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import { XAPI_ERRORS } from '../../../../shared/xapi/errors.generated';
import { PERFMON_PLUGIN, PERFMON_REFRESH, perfmonRefreshHosts, refreshReplyProblem } from '../../../../shared/perfmon/refresh';
import type { PerfmonClass } from '../../../../shared/perfmon/alerts';

type PerfmonConnection = Pick<Connection, 'call' | 'cache'>;

function inWords(e: unknown): string {
  if (!(e instanceof XapiError)) return e instanceof Error ? e.message : String(e);
  const doc = Object.hasOwn(XAPI_ERRORS, e.code) ? XAPI_ERRORS[e.code].doc : '';
  const words = doc && !doc.startsWith('(no documentation') ? doc.replace(/[.\s]+$/, '') : e.params.join(', ');
  return words ? `${words} (${e.code})` : e.code;
}

/**
 * Asks each affected server's perfmon to re-read its configuration; returns the note for the task when
 * some could not be asked, else undefined. `progress` is where this work starts in the task (0..1).
 */
export async function refreshPerfmon(c: PerfmonConnection, task: Pick<ClientTask, 'step'>, cls: PerfmonClass, ref: string, progress: number): Promise<string | undefined> {
  const hosts = perfmonRefreshHosts((k, r) => c.cache.get(k, r) as Record<string, unknown> | undefined, cls, ref);
  const failed: string[] = [];
  for (const host of hosts) {
    const name = String(c.cache.get('host', host)?.name_label ?? host);
    await task.step(`Applying the alerts on '${name}'`, progress);
    try {
      const problem = refreshReplyProblem(await c.call('host.call_plugin', [host, PERFMON_PLUGIN, PERFMON_REFRESH, {}]));
      if (problem) failed.push(`'${name}': ${problem}`);
    } catch (e) {
      failed.push(`'${name}': ${inWords(e)}`);
    }
  }
  if (failed.length === 0) return undefined;
  return `The alerts were saved, but the performance monitor could not be told to apply them at once on ${failed.join('; ')}. `
    + 'They take effect when it next reads its configuration, within 30 minutes.';
}
