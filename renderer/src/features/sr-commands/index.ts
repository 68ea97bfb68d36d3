// The SR commands, XenCenter's (Storage menu and an SR's context menu): Repair…, Set as Default,
// Reclaim freed space…, Rescan, Detach…, Forget…, Destroy…. New SR… and Reattach… belong to another
// feature (groups 0–9, and order 20 of the Detach group).
import { at, type Feature } from '../../framework/feature';
import {
  DESTROY_SR_COMMAND, DETACH_SR_COMMAND, FORGET_SR_COMMAND, REPAIR_SR_COMMAND, RESCAN_SR_COMMAND, SET_DEFAULT_SR_COMMAND, TRIM_SR_COMMAND,
} from './commands';
import { DestroySrDialog, DetachSrDialog, ForgetSrDialog, RepairSrDialog, TrimSrDialog } from './SrDialogs';

export const srCommandsFeature: Feature = {
  id: 'sr-commands',
  commands: [
    { entry: REPAIR_SR_COMMAND, places: [at('menu:storage', 10), at('context:sr', 10)] },
    { entry: SET_DEFAULT_SR_COMMAND, places: [at('menu:storage', 10), at('context:sr', 10)] },
    { entry: TRIM_SR_COMMAND, places: [at('menu:storage', 20, { order: 10 })] },
    { entry: RESCAN_SR_COMMAND, places: [at('menu:storage', 20, { order: 20 })] },
    { entry: DETACH_SR_COMMAND, places: [at('menu:storage', 30, { order: 10 }), at('context:sr', 30, { order: 10 })] },
    { entry: FORGET_SR_COMMAND, places: [at('menu:storage', 30, { order: 30 }), at('context:sr', 30, { order: 30 })] },
    { entry: DESTROY_SR_COMMAND, places: [at('menu:storage', 30, { order: 40 }), at('context:sr', 30, { order: 40 })] },
  ],
  dialogs: [
    { kind: 'repairSr', component: RepairSrDialog },
    { kind: 'detachSr', component: DetachSrDialog },
    { kind: 'forgetSr', component: ForgetSrDialog },
    { kind: 'destroySr', component: DestroySrDialog },
    { kind: 'trimSr', component: TrimSrDialog },
  ],
};
