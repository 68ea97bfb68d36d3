// Pool membership: Add to Pool… (join a standalone server, also by dragging it onto a pool) and Remove from Pool (eject a member).
import { at, type Feature } from '../../framework/feature';
import { MEMBERSHIP_COMMANDS } from './commands';
import { AddToPoolDialog, RemoveFromPoolDialog } from './PoolMembershipDialogs';
import { JOIN_DROP } from './drop';

export const poolMembershipFeature: Feature = {
  id: 'pool-membership',
  commands: MEMBERSHIP_COMMANDS.map((entry) => ({ entry, places: [at('menu:pool', 0), at('menu:server', 20), at('context:server', 40)] })),
  dialogs: [
    { kind: 'addToPool', component: AddToPoolDialog },
    { kind: 'removeFromPool', component: RemoveFromPoolDialog },
  ],
  drops: [JOIN_DROP],
};
