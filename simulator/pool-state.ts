// The pool's own record and whether a host is live (host_metrics.live): facts that the rules
// (ha-plan.ts) and the method modules (methods/host.ts, methods/pool.ts) and HA failover all read.
import { NULL_REF, type Rec } from './fields';
import { nowDatetime, type Sim } from './sim';

export function poolRef(sim: Sim): string {
  return [...sim.db.table('pool').keys()][0] ?? NULL_REF;
}
export const poolRec = (sim: Sim): Rec | undefined => sim.db.get('pool', poolRef(sim));

export function isLive(sim: Sim, host: string): boolean {
  const h = sim.db.get('host', host);
  return sim.db.get('host_metrics', String(h?.metrics))?.live === true;
}

export function setLive(sim: Sim, host: string, live: boolean): void {
  const m = String(sim.db.get('host', host)?.metrics);
  if (sim.db.get('host_metrics', m)) sim.db.update('host_metrics', m, { live, last_updated: nowDatetime() });
}
