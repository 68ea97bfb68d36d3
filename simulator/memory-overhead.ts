// VM.memory_overhead by SEMANTICS.md 2.8, recomputed by create, the memory/VCPU setters and every
// boot (2.1), so one small module both the lifecycle and the power code use.
import type { Rec } from './fields';

const MiB = 1024 ** 2;

/** §2.8: memory overhead in bytes. */
export function memoryOverhead(vm: Rec): number {
  const vcpus = Number(vm.VCPUs_max) || 1;
  const staticMaxMiB = Math.ceil(Number(vm.memory_static_max) / MiB);
  const pv = vm.domain_type === 'pv' || (vm.domain_type !== 'hvm' && vm.domain_type !== 'pvh' && vm.HVM_boot_policy === '');
  const mult = pv ? 1 : Number(vm.HVM_shadow_multiplier) || 1;
  const [a, b] = pv ? [0, 1] : [1, 1];
  const shadow = Math.max(1, Math.ceil(((256 * vcpus + 2 * staticMaxMiB) / 256) * mult));
  return (a + b + shadow + Math.ceil((38 * vcpus) / 256)) * MiB;
}
