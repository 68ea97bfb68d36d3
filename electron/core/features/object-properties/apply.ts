// objectProperties.apply / editCustomFields: a host's, pool's, SR's or network's Properties, and the
// custom field definitions, each as one task.create task that names each step and ends with the first
// XAPI error, so every client's Events panel shows it. Objects are read live.
import { ClientTask } from '../../tasks/client-task';
import { XapiError } from '../../xapi/errors';
import type { Connection } from '../../connection/connection';
import { refreshPerfmon } from './perfmon-refresh';
import { objectChangeProblems, planObjectCalls, type ObjectPropertyChanges, type PlannedCall, type PropertyClass } from '../../../../shared/object-properties/plan';
import { CUSTOM_FIELDS_KEY, customFieldKey, definitionsOfPool, serialiseCustomFields, type CustomFieldDefinition } from '../../../../shared/object-properties/custom-fields';

type Log = (m: string) => void;
type Rec = Record<string, unknown>;
interface Call extends PlannedCall { ref: string }

/** Work after the calls succeeded that cannot fail the task: it returns a note in words, or undefined. */
type After = (task: ClientTask, progress: number) => Promise<string | undefined>;

function runOnTask(c: Connection, title: string, calls: Call[], log: Log, after?: After): Promise<{ taskRef: string }> {
  return ClientTask.create(c, title).then((task) => {
    void (async () => {
      for (const [i, call] of calls.entries()) {
        await task.step(call.step, i / Math.max(1, calls.length + (after ? 1 : 0)));
        await c.call(call.method, [call.ref, ...call.args]);
      }
      const note = await after?.(task, calls.length / (calls.length + 1));
      if (note !== undefined) await task.note(note);
    })().then(() => task.finish(), (e: unknown) => {
      log(`${title} failed: ${(e as Error).message}`);
      return task.finish(e);
    });
    return { taskRef: task.ref };
  });
}

export async function startObjectProperties(c: Connection, cls: PropertyClass, ref: string, changes: ObjectPropertyChanges, log: Log): Promise<{ taskRef: string }> {
  const rec = await c.call<Rec>(`${cls}.get_record`, [ref]);
  const now = cls === 'host' && changes.perfmon !== undefined ? { ...rec, controlDomain: await controlDomainOf(c, ref, rec) } : rec;
  const problems = objectChangeProblems(cls, changes, now);
  if (problems.length > 0) throw new XapiError('INVALID_VALUE', [problems[0]]);
  const name = typeof rec.name_label === 'string' ? rec.name_label : '';
  const calls = planObjectCalls(cls, changes, now).map((p) => ({ ...p, ref: p.ref ?? ref }));
  // As XenCenter's PerfmonDefinitionAction: the servers' perfmon re-reads the alerts at once.
  const after: After | undefined = changes.perfmon !== undefined && (cls === 'host' || cls === 'SR')
    ? (task, progress) => refreshPerfmon(c, task, cls, ref, progress) : undefined;
  return runOnTask(c, `Changing properties of '${name}'`, calls, log, after);
}

/** A server's control domain (XenCenter's ControlDomainZero: host.control_domain, else the control domain resident on it), read live. */
async function controlDomainOf(c: Connection, hostRef: string, host: Rec): Promise<{ ref: string; other_config?: unknown } | undefined> {
  const direct = typeof host.control_domain === 'string' && host.control_domain.startsWith('OpaqueRef:') && host.control_domain !== 'OpaqueRef:NULL' ? host.control_domain : undefined;
  if (direct) {
    const vm = await c.call<Rec>('VM.get_record', [direct]);
    return { ref: direct, other_config: vm.other_config };
  }
  const vms = await c.call<Record<string, Rec>>('VM.get_all_records', []);
  const found = Object.entries(vms).find(([, v]) => v.is_control_domain === true && v.resident_on === hostRef);
  return found ? { ref: found[0], other_config: found[1].other_config } : undefined;
}

const VALUE_CLASSES = ['VM', 'host', 'pool', 'SR', 'network'];

export async function startEditCustomFields(c: Connection, edit: { add?: CustomFieldDefinition; remove?: string }, log: Log): Promise<{ taskRef: string }> {
  const pools = await c.call<Record<string, Rec>>('pool.get_all_records', []);
  const [poolRef, pool] = Object.entries(pools)[0] ?? [];
  if (!poolRef) throw new XapiError('HANDLE_INVALID', ['pool', '']);
  const defs = definitionsOfPool(pool);
  const calls: Call[] = [];
  let title: string;
  if (edit.add) {
    if (defs.some((d) => d.name === edit.add!.name)) throw new XapiError('INVALID_VALUE', [`There is already a custom field called '${edit.add.name}'.`]);
    defs.push(edit.add);
    title = `Adding the custom field '${edit.add.name}'`;
  } else {
    const i = defs.findIndex((d) => d.name === edit.remove);
    if (i < 0) throw new XapiError('INVALID_VALUE', [`There is no custom field called '${edit.remove}'.`]);
    defs.splice(i, 1);
    title = `Removing the custom field '${edit.remove}'`;
  }
  const step = edit.add ? 'Saving the custom field definitions' : 'Removing the field and its values';
  calls.push({ ref: poolRef, method: 'pool.remove_from_gui_config', args: [CUSTOM_FIELDS_KEY], step });
  calls.push({ ref: poolRef, method: 'pool.add_to_gui_config', args: [CUSTOM_FIELDS_KEY, serialiseCustomFields(defs)], step });
  if (edit.remove !== undefined) {
    const key = customFieldKey(edit.remove);
    for (const cls of VALUE_CLASSES) {
      const recs = await c.call<Record<string, Rec>>(`${cls}.get_all_records`, []);
      for (const [ref, r] of Object.entries(recs)) {
        const oc = r.other_config as Record<string, string> | undefined;
        if (oc && key in oc) calls.push({ ref, method: `${cls}.remove_from_other_config`, args: [key], step });
      }
    }
  }
  return runOnTask(c, title, calls, log);
}
