// A pool's totals for its General tab. Recounted on every tree change of a busy pool, so each VM's
// verdict is kept by record: records are replaced on change, and only the changed ones are judged afresh.
import { isHiddenFromXenCenter } from '../../tree/visibility';
import { isPlainVm } from '../../xapi-model/predicates';
import type { ConnObjects, XRecord } from '../../state/store';

export interface PoolCounts { hosts: number; vms: number; running: number; srs: number }

/** Bit 0: a VM the pool counts (not a template, snapshot, control domain or hidden); bit 1: and running. */
const verdicts = new WeakMap<XRecord, number>();

function verdict(vm: XRecord): number {
  let v = verdicts.get(vm);
  if (v === undefined) {
    v = !isPlainVm(vm) || isHiddenFromXenCenter(vm) ? 0 : vm.power_state === 'Running' ? 3 : 1;
    verdicts.set(vm, v);
  }
  return v;
}

export function poolCounts(objects: ConnObjects | undefined): PoolCounts {
  let vms = 0, running = 0;
  for (const vm of objects?.get('vm')?.values() ?? []) {
    const v = verdict(vm);
    vms += v & 1;
    running += v >> 1;
  }
  return { hosts: objects?.get('host')?.size ?? 0, vms, running, srs: objects?.get('sr')?.size ?? 0 };
}
