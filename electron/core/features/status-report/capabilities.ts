// host.get_system_status_capabilities' XML (xen-bugtool --capabilities) as the wizard's rows, read as
// XenCenter's BugToolPageSelectCapabilities does: every <capability> element's attributes, numbers
// -1 when absent or unreadable, pii other than yes/no/maybe as "customized", and "CVSM" skipped (a
// deprecated key still listed by some hosts).
import type { StatusCapability } from '../../../../shared/ipc/areas/status-report';

const ELEMENT = /<capability\b([^>]*?)\/?>/g;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function unescape(v: string): string {
  return v.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');
}

function num(v: string | undefined): number {
  return v !== undefined && /^-?\d{1,18}$/.test(v.trim()) ? Number(v.trim()) : -1;
}

export function parseCapabilities(xml: string): StatusCapability[] {
  const out: StatusCapability[] = [];
  for (const [, attrs] of xml.matchAll(ELEMENT)) {
    const a = new Map<string, string>();
    for (const m of attrs.matchAll(ATTRIBUTE)) a.set(m[1], unescape(m[2] ?? m[3] ?? ''));
    const key = a.get('key');
    if (!key || key === 'CVSM') continue;
    const pii = a.get('pii');
    out.push({
      key,
      contentType: a.get('content-type') === 'text/plain' ? 'text/plain' : 'application/data',
      defaultChecked: a.get('default-checked') === 'yes',
      minSize: num(a.get('min-size')),
      maxSize: num(a.get('max-size')),
      minTime: num(a.get('min-time')),
      maxTime: num(a.get('max-time')),
      pii: pii === 'yes' || pii === 'no' || pii === 'maybe' ? pii : 'customized',
    });
  }
  return out;
}
