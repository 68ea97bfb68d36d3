// Comparing what the client holds with what the simulator has, class by class and field by field:
// '' when equal, otherwise what differs (the first few lines). Sessions are never cached (their refs
// are secrets), so they are left out.
import type { Simulator } from '../../simulator/index';

/** The objects of one class, by ref, as the client holds them (cache or a renderer's replay). */
export type ClassView = (cls: string) => ReadonlyMap<string, Record<string, unknown>>;

const NOT_CACHED = new Set(['session']);

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}
const norm = (v: unknown): string => JSON.stringify(canonical(JSON.parse(JSON.stringify(v ?? null))));

/** What the server's record looks like from the holder's side (the renderer's is scrubbed of secrets). */
export type AsSeen = (cls: string, rec: Record<string, unknown>) => Record<string, unknown>;

export function differences(sim: Simulator, view: ClassView, max = 8, asSeen: AsSeen = (_c, r) => r): string {
  const out: string[] = [];
  for (const cls of sim.classes()) {
    if (NOT_CACHED.has(cls.toLowerCase())) continue;
    const server = sim.records(cls);
    const mine = view(cls.toLowerCase());
    for (const ref of server.keys()) if (!mine.has(ref)) out.push(`${cls} ${ref}: missing from the client`);
    for (const ref of mine.keys()) if (!server.has(ref)) out.push(`${cls} ${ref}: ghost in the client`);
    for (const [ref, serverRec] of server) {
      const rec = asSeen(cls.toLowerCase(), serverRec);
      const held = mine.get(ref);
      if (held && norm(held) !== norm(rec)) {
        const a = JSON.parse(norm(held)) as Record<string, unknown>;
        const b = JSON.parse(norm(rec)) as Record<string, unknown>;
        const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
        out.push(`${cls} ${ref}: fields differ (${fields.join(', ')})`);
      }
    }
    if (out.length > max) break;
  }
  return out.slice(0, max).join('\n');
}
