import type { ComponentType } from 'react';

export interface TabTarget { connectionId: string; cls: string; ref: string; kind: string }
export interface TabDefinition {
  id: string;
  title: string;
  component: ComponentType<{ target: TabTarget }>;
  /** The tab fills its panel edge to edge (no padding, no panel scrolling): the console. */
  fill?: boolean;
}
