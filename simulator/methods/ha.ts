// HA planning queries (SEMANTICS.md 10.4): the wire surface of ha-plan.ts. Readers, so no task.
import { agilityErrorOf, computeMaxFailures, planExistsFor, recordMaxFailures, vmFailoverPlan } from '../ha-plan';
import type { Handler } from '../sim';
import { XapiError } from '../xapi-error';
import { rowOf } from './generic';
import { assertSrCanHostStatefile } from './pool';
import { quickCalls, type MethodModule } from '../method-module';

const RESTART_PRIORITIES = ['restart', 'best-effort', ''];

const haPlanHandlers: Record<string, Handler> = {
  'pool.ha_failover_plan_exists': ({ sim }, [n]) => planExistsFor(sim, Number(n)),
  'pool.ha_compute_max_host_failures_to_tolerate': ({ sim }) => {
    const n = computeMaxFailures(sim);
    recordMaxFailures(sim, n);
    return n;
  },
  'pool.ha_compute_hypothetical_max_host_failures_to_tolerate': (ctx, [configuration]) => {
    const conf = Object.entries((configuration ?? {}) as Record<string, string>);
    for (const [, pri] of conf) if (!RESTART_PRIORITIES.includes(pri)) throw new XapiError('INVALID_VALUE', ['ha_restart_priority', pri]);
    const vms = conf.filter(([, pri]) => pri === 'restart').map(([vm]) => { rowOf(ctx, 'VM', vm); return vm; });
    return computeMaxFailures(ctx.sim, vms);
  },
  'pool.ha_compute_vm_failover_plan': (ctx, [failedHosts, failedVms]) => {
    const vms = ((failedVms as string[]) ?? []).map(String);
    for (const vm of vms) rowOf(ctx, 'VM', vm);
    return vmFailoverPlan(ctx.sim, new Set(((failedHosts as string[]) ?? []).map(String)), vms);
  },
  // HA's wizard asks each shared SR (XenCenter's GetHeartbeatSRsAction); enable_ha checks the same.
  'SR.assert_can_host_ha_statefile': (ctx, [sr]) => {
    rowOf(ctx, 'SR', sr);
    assertSrCanHostStatefile(ctx.sim, String(sr));
    return '';
  },
  'VM.assert_agile': (ctx, [vm]) => {
    rowOf(ctx, 'VM', vm);
    const e = agilityErrorOf(ctx.sim, String(vm));
    if (e) throw e;
    return '';
  },
};

export const haPlanMethods: MethodModule = quickCalls(haPlanHandlers);
