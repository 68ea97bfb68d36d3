// Names and descriptions from a server are data, never markup: the tree keeps them verbatim (React
// then renders them as text), and no renderer source may use an HTML-injection sink.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/ipc/contract';
import { buildInfrastructureTree, flattenTree, type ConnectionObjects, type TreeNode } from '../../renderer/src/tree/build-tree';

const NULL = 'OpaqueRef:NULL';
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '{{constructor.constructor("alert(1)")()}}',
  '&lt;b&gt;entity&lt;/b&gt; &amp;',
  '\u202Egnp.exe\u0000<iframe srcdoc="<script>parent.alert(1)</script>">',
  '__proto__',
  'constructor',
];

type Rec = Record<string, unknown>;
function objects(names: string[], vmExtra: Rec = {}): ConnectionObjects {
  const o: ConnectionObjects = new Map();
  const put = (cls: string, ref: string, rec: Rec): void => {
    if (!o.has(cls)) o.set(cls, new Map());
    o.get(cls)?.set(ref, rec);
  };
  put('pool', 'OpaqueRef:p', { name_label: names[0], name_description: names[1], master: 'OpaqueRef:h0', default_SR: NULL, other_config: {} });
  names.forEach((n, i) => {
    put('host_metrics', `OpaqueRef:m${i}`, { live: true });
    put('host', `OpaqueRef:h${i}`, { name_label: n, hostname: n, metrics: `OpaqueRef:m${i}`, enabled: true, other_config: {}, PBDs: [] });
    put('vm', `OpaqueRef:v${i}`, {
      name_label: n, name_description: n, power_state: i % 2 ? 'Running' : 'Halted', resident_on: i % 2 ? `OpaqueRef:h${i}` : NULL, affinity: NULL, VBDs: [],
      is_a_template: false, is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: {}, ...vmExtra,
    });
    put('vm', `OpaqueRef:t${i}`, {
      name_label: n, power_state: 'Halted', resident_on: NULL, affinity: NULL, VBDs: [], is_a_template: true, is_default_template: false,
      is_a_snapshot: false, snapshot_of: NULL, is_control_domain: false, other_config: {},
    });
    put('sr', `OpaqueRef:s${i}`, { name_label: n, shared: true, PBDs: [], other_config: {}, type: 'nfs', content_type: '' });
  });
  return o;
}
const connection = (hostname: string, extra: Partial<ConnectionInfo> = {}): ConnectionInfo =>
  ({ id: 'c1', url: 'https://c1.example', hostname, user: 'root', status: 'connected', saved: false, hasStoredPassword: false, poolMembers: [], ...extra });
const walk = (nodes: TreeNode[], f: (n: TreeNode) => void): void => nodes.forEach((n) => { f(n); walk(n.children, f); });

describe('Infrastructure tree with hostile names', () => {
  it('keeps names with markup and script verbatim, as plain strings', () => {
    const tree = buildInfrastructureTree({ connections: [connection('c1')], objects: new Map([['c1', objects(HOSTILE)]]), showCustomTemplates: true, showDefaultTemplates: true });
    const names = new Map<string, string[]>();
    walk(tree, (n) => {
      expect(typeof n.name).toBe('string');
      expect(n.description === undefined || typeof n.description === 'string').toBe(true);
      if (!names.has(n.kind)) names.set(n.kind, []);
      names.get(n.kind)?.push(n.name);
    });
    expect(names.get('pool')).toEqual([HOSTILE[0]]);
    for (const kind of ['host', 'vm', 'template', 'sr']) expect([...(names.get(kind) ?? [])].sort()).toEqual([...HOSTILE].sort());
    // The flattened rows (what the virtualised tree renders) carry the same strings.
    const rows = flattenTree(tree, () => true);
    expect(rows.filter((r) => r.node.kind === 'vm').map((r) => r.node.name).sort()).toEqual([...HOSTILE].sort());
  });

  it('connection nodes (failed, reconnecting) keep a hostile host name and error message verbatim', () => {
    for (const [i, name] of HOSTILE.entries()) {
      const failed = connection(name, { status: 'failed', error: { code: 'X', params: [], message: HOSTILE[(i + 1) % HOSTILE.length] } });
      const [node] = buildInfrastructureTree({ connections: [failed], objects: new Map() });
      expect(node.name).toBe(name);
      expect(node.statusText).toBe(`Failed: ${HOSTILE[(i + 1) % HOSTILE.length]}`);
    }
  });

  it('an unknown power_state such as "constructor" is shown as text, never a prototype member', () => {
    const tree = buildInfrastructureTree({ connections: [connection('c1')], objects: new Map([['c1', objects(['a'], { power_state: 'constructor' })]]) });
    walk(tree, (n) => expect(typeof (n.description ?? '')).toBe('string'));
    const vms: TreeNode[] = [];
    walk(tree, (n) => { if (n.kind === 'vm') vms.push(n); });
    const vm = vms[0];
    expect(vm?.description).toBe('constructor');
  });
  it('a field of the wrong type ({"toString": 1}) does not break the tree build', () => {
    const bad = JSON.parse('{"toString": 1}') as unknown;
    expect(() => buildInfrastructureTree({ connections: [connection('c1')], objects: new Map([['c1', objects(['a'], { name_label: bad })]]) })).not.toThrow();
  });
});

describe('renderer sources use no HTML-injection sinks', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/src');
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|jsx?|mjs|html)$/.test(f) ? [p] : [];
  });
  const SINKS = /dangerouslySetInnerHTML|\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write(ln)?\b|createContextualFragment|\bsrcdoc\b|\beval\s*\(|new\s+Function\s*\(/;

  it('none of renderer/src/** contains innerHTML, outerHTML, insertAdjacentHTML, document.write, dangerouslySetInnerHTML, eval', () => {
    const list = files(root);
    expect(list.length).toBeGreaterThan(10);
    const hits: string[] = [];
    for (const f of list) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (SINKS.test(line)) hits.push(`${path.relative(root, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});

describe('Content-Security-Policy', () => {
  it('renderer/index.html carries exactly the policy the hosts send as a header', async () => {
    const { RENDERER_CSP, RENDERER_CSP_HEADER } = await import('../../shared/csp');
    const html = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/index.html'), 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(RENDERER_CSP_HEADER.startsWith(RENDERER_CSP)).toBe(true);
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
