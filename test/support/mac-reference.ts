// SEMANTICS.md 9.4's MAC derivation from a VM's mac_seed and a VIF device number, written
// independently of the simulator's, so tests can check the MACs it generates.
import { createHash } from 'node:crypto';

export function macFromSeed(seed: string, device: number): string {
  let h = createHash('md5').update(seed).digest();
  for (let i = 0; i < 2 * device; i++) h = createHash('md5').update(h).digest();
  const g = createHash('md5').update(h).digest();
  const b = [h[0], h[1], h[2], h[3], g[1], g[2]];
  b[0] = (b[0] | 2) & 0xfe;
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}
