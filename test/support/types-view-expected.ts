// What XenCenter's Objects by Type shows for one pool, worked out from its records with this file's own
// reading of XenCenter's rules (Common.cs TypeProperty, GroupAlg.Hide, SR.IsLocalSR, Host/XenObject.CompareTo,
// StringUtility.NaturalCompare) plus the View options, never with the code under test. Shared by the unit
// test on the dumps and the end-to-end test that boots the simulator from them.
import type { ConnectionObjects, TreeOptions } from '../../renderer/src/tree/build-tree';

type Rec = Record<string, unknown>;

// NaturalCompare, read differently: the name cut into digit runs and single characters.
const chars = new Intl.Collator('en', { sensitivity: 'accent' });
const tokens = (s: string): string[] => s.match(/\d+|\D/gu) ?? [];
function natural(a: string, b: string): number {
  if (chars.compare(a, b) === 0) return 0;
  const ta = tokens(a);
  const tb = tokens(b);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const [x, y] = [ta[i], tb[i]];
    const digits = /^\d/.test(x) && /^\d/.test(y);
    const r = digits ? x.length - y.length || (x < y ? -1 : x > y ? 1 : 0) : chars.compare(x, y);
    if (r !== 0) return r;
  }
  return ta.length - tb.length;
}

const oc = (r: Rec): Rec => (r.other_config as Rec | undefined) ?? {};
const hidden = (r: Rec): boolean => String(oc(r).HideFromXenCenter ?? '').toLowerCase() === 'true';
const name = (r: Rec): string => String(r.name_label ?? '');

interface Row { name: string; ref: string; rank?: number }
const order = (a: Row, b: Row): number => (a.rank ?? 0) - (b.rank ?? 0) || natural(a.name, b.name) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0);

/** What XenCenter's Objects by Type shows for one pool (every host live), with our View options. */
export function expected(objects: ConnectionObjects, o: Required<TreeOptions>): Array<[string, string[]]> {
  const table = (cls: string): Array<[string, Rec]> => [...(objects.get(cls) ?? new Map<string, Rec>())];
  const pool = table('pool')[0]?.[1];
  const seen = (r: Rec) => o.showHidden || !hidden(r);
  const groups = new Map<string, Row[]>();
  const put = (g: string, row: Row) => groups.set(g, [...(groups.get(g) ?? []), row]);

  if (pool && name(pool) !== '') put('Pools', { name: name(pool), ref: '' });
  for (const [ref, h] of table('host')) {
    if (seen(h)) put('Servers', { name: name(h) || String(h.hostname), ref, rank: ref === pool?.master ? 0 : 1 });
  }
  for (const [ref, vm] of table('vm')) {
    if (vm.is_control_domain === true || 'xensource_internal' in oc(vm) || name(vm).startsWith('__gui__') || !seen(vm)) continue;
    const isDefault = vm.is_default_template === true || 'default_template' in oc(vm);
    const g = vm.is_a_snapshot === true ? (o.showSnapshots ? 'Snapshots' : '')
      : vm.is_a_template === true ? (isDefault ? (o.showDefaultTemplates ? 'Default Templates' : '') : (o.showCustomTemplates ? 'Custom Templates' : ''))
        : 'VMs';
    if (g) put(g, { name: name(vm), ref });
  }
  const hostName = (ref: unknown) => { const h = objects.get('host')?.get(String(ref)); return h ? name(h) || String(h.hostname) : ''; };
  for (const [ref, sr] of table('sr')) {
    const type = String(sr.type);
    if (sr.is_tools_sr === true || name(sr) === 'XenServer Tools' || type === 'local' || type === 'tmpfs' || name(sr).startsWith('__gui__')) continue;
    if (!o.showHidden && (hidden(sr) || /^OpaqueRef:(?!NULL)/.test(String(sr.introduced_by ?? '')))) continue;
    const local = ['lvm', 'ext', 'udev', 'egeneracd', 'dummy'].includes(type);
    if (local && !o.showLocalStorage) continue;
    const hosts = new Set((sr.PBDs as string[]).map((p) => objects.get('pbd')?.get(p)?.host).filter((h) => typeof h === 'string' && h.startsWith('OpaqueRef:')));
    const on = sr.shared !== true && hosts.size === 1 ? hostName([...hosts][0]) : '';
    put(local ? 'Local Storage Repositories' : 'Remote Storage Repositories', { name: on && name(sr) ? `${name(sr)} on ${on}` : name(sr), ref });
  }
  if (o.showNetworks) for (const [ref, n] of table('network')) if (seen(n)) put('Networks', { name: name(n), ref });

  const ORDER = ['Pools', 'Servers', 'VMs', 'Snapshots', 'Custom Templates', 'Default Templates', 'Remote Storage Repositories', 'Local Storage Repositories', 'Networks'];
  return ORDER.filter((g) => groups.has(g)).map((g) => [g, groups.get(g)!.sort(order).map((r) => r.name)]);
}

