// other_config:perfmon as xapi's perfmon daemon reads it (scripts/perfmon: minidom, VariableConfig):
// the <variable> elements, each child's `value` attribute, perfmon's defaults per monitor type for
// what a variable leaves out, and the variable re-written as minidom's toprettyxml() for an alarm's body.
// The simulator's own reading (it shares no code with the client's codec in shared/perfmon).

export interface Node { tag: string; attrs: Array<[string, string]>; kids: Node[] }

const TAG = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
const unescape = (v: string) => v.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
  ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e]
  ?? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));

/** The document element, or an Error (perfmon logs an ExpatError and runs the object without variables). */
export function parseConfig(xml: string): Node | Error {
  const stack: Node[] = [{ tag: '', attrs: [], kids: [] }];
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  if (i === 1) return new Error('unclosed XML declaration');
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const gap = xml.slice(i, lt < 0 ? xml.length : lt);
    if (gap.trim() !== '' && stack.length === 1) return new Error('text outside the document element');
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) { const e = xml.indexOf('-->', lt); if (e < 0) return new Error('unclosed comment'); i = e + 3; continue; }
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (!m) return new Error(`not well-formed at ${lt}`);
    i = TAG.lastIndex;
    const [, close, tag, attrText, selfClose] = m;
    if (close) {
      const top = stack.pop()!;
      if (stack.length === 0 || top.tag !== tag) return new Error(`mismatched </${tag}>`);
      continue;
    }
    const node: Node = { tag, attrs: [...attrText.matchAll(ATTR)].map((a) => [a[1], unescape(a[2] ?? a[3] ?? '')]), kids: [] };
    stack[stack.length - 1].kids.push(node);
    if (!selfClose) stack.push(node);
  }
  if (stack.length !== 1 || stack[0].kids.length !== 1) return new Error('not one document element');
  return stack[0].kids[0];
}

/** minidom's getElementsByTagName: every descendant of that tag, in document order. */
export function descendants(n: Node, tag: string): Node[] {
  return n.kids.flatMap((k) => [...(k.tag === tag ? [k] : []), ...descendants(k, tag)]);
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');

/** Element.toprettyxml() (indent "\t", newline "\n"), as perfmon puts the variable in an alarm's body. */
export function prettyXml(n: Node, indent = ''): string {
  const attrs = n.attrs.map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  if (n.kids.length === 0) return `${indent}<${n.tag}${attrs}/>\n`;
  return `${indent}<${n.tag}${attrs}>\n${n.kids.map((k) => prettyXml(k, `${indent}\t`)).join('')}${indent}</${n.tag}>\n`;
}

export type MonitorType = 'VM' | 'Host' | 'SR';

/** perfmon's get_default_variable_config of each monitor: undefined where perfmon raises "no default". */
export function defaultOf(type: MonitorType, name: string, tag: string): string | undefined {
  switch (tag) {
    case 'alarm_trigger_period': return '60';
    case 'alarm_auto_inhibit_period': return '3600';
    case 'alarm_priority': return '3';
    case 'alarm_trigger_sense': return name === 'memory_free_kib' || name === 'memory_internal_free' ? 'low' : 'high';
    case 'consolidation_fn':
      if (name === 'cpu_usage' && type !== 'SR') return 'average';
      if (type === 'VM' && (name === 'fs_usage' || name === 'log_fs_usage' || name === 'mem_usage')) return `get_percent_${name}`;
      if (type === 'SR' && name === 'physical_utilisation') return 'get_percent_sr_usage';
      return 'sum';
    case 'rrd_regex':
      if (type === 'VM') {
        return ({ cpu_usage: 'cpu[0-9]+', network_usage: 'vif_[0-9]+_[rt]x', disk_usage: 'vbd_(xvd|hd)[a-z]+_(read|write)', memory_internal_free: 'memory_internal_free',
          fs_usage: '_$_DUMMY__', log_fs_usage: '_$_DUMMY__', mem_usage: '_$_DUMMY__' } as Record<string, string>)[name];
      }
      if (type === 'Host') {
        if (/^sr_io_throughput_total_[0-9a-f]{8}$/.test(name)) return name.slice(3);
        return ({ cpu_usage: 'cpu[0-9]+', network_usage: 'pif_eth[0-9]+_[rt]x', memory_free_kib: 'memory_free_kib' } as Record<string, string>)[name];
      }
      return ({ physical_utilisation: 'physical_utilisation|size', sr_io_throughput_total_per_host: '_$_DUMMY__' } as Record<string, string>)[name];
    case 'alarm_trigger_level':
      if (type === 'VM' && (name === 'fs_usage' || name === 'log_fs_usage')) return '0.9';
      if (type === 'VM' && name === 'mem_usage') return '0.95';
      if (type === 'SR' && name === 'physical_utilisation') return '0.8';
      return undefined;
    default: return undefined;
  }
}
