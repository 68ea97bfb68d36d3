// Networking: the Networking tab's multi-call changes (shared/network/change.ts).
import type { NetworkChange } from '../../network/change';
import { parseNetworkChange } from '../../network/change';
import { ContractError, type Validators } from '../checks';

export interface NetworkRequests {
  /** The Networking tab's multi-call changes (shared/network/change.ts), on one task.create task. */
  'network.change': { args: NetworkChange; result: { taskRef: string } };
}

export const NETWORK_VALIDATORS: Validators<NetworkRequests> = {
  'network.change': (o) => parseNetworkChange(o, (m) => new ContractError(m)),
};
