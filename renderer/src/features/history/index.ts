// History: what changed on each object since connecting, and the tasks that worked on it (state/history.ts records it).
import type { Feature } from '../../framework/feature';
import { HistoryTab } from './HistoryTab';

export const historyFeature: Feature = {
  id: 'history',
  tabs: [{ tab: { id: 'history', title: 'History', component: HistoryTab }, kinds: ['pool', 'host', 'vm', 'template', 'snapshot', 'sr', 'network'], order: 90 }],
};
