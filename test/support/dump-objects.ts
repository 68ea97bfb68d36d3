// A real XAPI database dump as the renderer's cache holds one connection: class (lowercase) -> ref ->
// record, with every host live (what a dump says of liveness is whatever its host last knew).
import { readFileSync } from 'node:fs';

type Rec = Record<string, unknown>;

export async function loadDumpObjects(file: string): Promise<Map<string, Map<string, Rec>>> {
  const { loadDump } = await import('../../simulator/index');
  const dump = loadDump(readFileSync(file, 'utf8')) as Record<string, Record<string, Rec>>;
  const objects = new Map(Object.entries(dump).map(([cls, rows]) => [cls.toLowerCase(), new Map(Object.entries(rows))]));
  const metrics = objects.get('host_metrics') ?? new Map<string, Rec>();
  objects.set('host_metrics', metrics);
  for (const h of objects.get('host')?.values() ?? []) metrics.set(String(h.metrics), { ...metrics.get(String(h.metrics)), live: true });
  return objects;
}
