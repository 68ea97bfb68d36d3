// What an e2e test asks of the simulator beside the screen: XAPI calls through an independent client
// (a fresh session each, as a toolstack restart invalidates older ones) and the guest VMs it holds.
import type { Simulator } from '../../../simulator/index';
import { login, rpc } from '../../support/xapi-rpc';

export type Rec = Record<string, unknown>;

export function simXapi(sim: () => Simulator) {
  return {
    call: async (method: string, ...args: unknown[]) => rpc(sim().url, method, await login(sim().url), ...args),
    /** The guest VMs (no template, snapshot or control domain), as [ref, record]. */
    guests: () => ([...sim().records('VM').entries()] as Array<[string, Rec]>)
      .filter(([, v]) => !v.is_a_template && !v.is_a_snapshot && !v.is_control_domain),
  };
}
