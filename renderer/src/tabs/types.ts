import type { ComponentType } from 'react';

export interface TabTarget { connectionId: string; cls: string; ref: string; kind: string }
export interface TabDefinition { id: string; title: string; component: ComponentType<{ target: TabTarget }> }
