// The Performance tab: a host's or VM's RRD graphs over a chosen time range.
import type { Feature } from '../../framework/feature';
import { PerformanceTab } from './PerformanceTab';

export const performanceFeature: Feature = {
  id: 'performance',
  tabs: [{ tab: { id: 'performance', title: 'Performance', component: PerformanceTab }, kinds: ['host', 'vm'], order: 40 }],
};
