// host.call_plugin: the plugins of /etc/xapi.d/plugins the simulator plays. sm's "trim" (do_trim,
// trim_util.py): on an SR whose driver has SR_TRIM (the LVHD family) and is plugged on that host it answers
// "True"; otherwise the XML sm's to_xml prints (errcode, errmsg), as a result, not an error. xen-api's
// "perfmon" (refresh, debug_mem): sends the command to that server's perfmon daemon and answers "True",
// or "ERROR_111: Connection refused" when no daemon runs (a result too). Any other plugin is missing
// (XENAPI_MISSING_PLUGIN), a missing function or argument a plugin failure.
import type { Rec } from '../fields';
import type { Handler, Sim } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { operations, type MethodModule } from '../method-module';
import { perfmonOf } from '../perfmon';

/** trim_util.to_xml: sorted keys, minidom's toxml(). */
function trimXml(d: Record<string, string>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const pairs = Object.keys(d).sort().map((k) => `<key_value_pair><key>${esc(k)}</key><value>${esc(d[k])}</value></key_value_pair>`).join('');
  return `<?xml version="1.0" ?><trim_response>${pairs}</trim_response>`;
}

function srSupportsTrim(sim: Sim, sr: Rec): boolean {
  const sm = [...sim.db.table('SM').values()].map((r) => r.rec).find((r) => r.type === sr.type);
  // No SM records (a dump without them): sm's own rule, the LVHD drivers.
  if (!sm) return ['lvm', 'lvmoiscsi', 'lvmohba', 'lvmofcoe'].includes(String(sr.type));
  return Object.hasOwn((sm.features ?? {}) as Rec, 'SR_TRIM');
}

function doTrim(sim: Sim, host: string, args: Rec): string {
  const uuid = args.sr_uuid;
  if (typeof uuid !== 'string') throw new XapiError('XENAPI_PLUGIN_FAILURE', ['KeyError', "'sr_uuid'", '']);
  const srRef = sim.db.findByUuid('SR', uuid);
  const sr = srRef ? sim.db.get('SR', srRef) : undefined;
  if (!sr || !srSupportsTrim(sim, sr)) return trimXml({ errcode: 'UnsupportedSRForTrim', errmsg: `Trim on [${uuid}] not supported` });
  const plugged = ((sr.PBDs as string[]) ?? []).map((p) => sim.db.get('PBD', p)).some((p) => p?.host === host && p.currently_attached === true);
  // The volume group is not active on this host: lvcreate of the trim LV fails.
  if (!plugged) return trimXml({ errcode: 'UnknownTrimException', errmsg: `Unknown Exception: trim failed on SR [${uuid}]` });
  return 'True';
}

/** The perfmon plugin: the command over perfmon's socket; "refresh" makes it read the alert configurations again. */
function perfmonPlugin(sim: Sim, host: string, fn: unknown): string {
  if (fn !== 'refresh' && fn !== 'debug_mem') throw new XapiError('XENAPI_PLUGIN_FAILURE', ['UnknownMethod', String(fn), '']);
  const daemon = perfmonOf(sim);
  if (!daemon) return 'ERROR_111: Connection refused';
  if (fn === 'refresh') daemon.refresh(host);
  return 'True';
}

const callPlugin: Handler = async (ctx, [host, plugin, fn, args]) => {
  const { sim } = ctx;
  rowOf(ctx, 'host', host);
  if (plugin === 'perfmon') return perfmonPlugin(sim, String(host), fn);
  if (plugin !== 'trim') throw new XapiError('XENAPI_MISSING_PLUGIN', [String(plugin)]);
  if (fn !== 'do_trim') throw new XapiError('XENAPI_PLUGIN_FAILURE', ['UnknownMethod', String(fn), '']);
  await sim.work(ctx, Math.round(sim.durationMs(ctx) / 2));
  return doTrim(sim, String(host), (args ?? {}) as Rec);
};

export const hostPluginMethods: MethodModule = operations({ 'host.call_plugin': callPlugin }, []);
