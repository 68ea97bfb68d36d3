// View state that is not XAPI data: selection, expansion, view options, chosen tabs, dialogs.
import { create } from 'zustand';
import type { SelectedObject } from '../commands/types';

export interface ContextMenuState { x: number; y: number; selection: SelectedObject[]; returnFocus?: HTMLElement | null }

export interface UiState {
  selection: SelectedObject[];
  /** Tree node id of the selected row. */
  selectedNodeId: string | null;
  expandOverrides: Map<string, boolean>;
  showTemplates: boolean;
  showSnapshots: boolean;
  showHidden: boolean;
  eventsOpen: boolean;
  /** Tab chosen per object kind. */
  tabByKind: Record<string, string>;
  addServerOpen: boolean;
  aboutOpen: boolean;
  contextMenu: ContextMenuState | null;
  alerts: Array<{ id: number; message: string }>;

  select(nodeId: string | null, sel: SelectedObject[]): void;
  setExpanded(nodeId: string, expanded: boolean): void;
  set<K extends keyof UiState>(key: K, value: UiState[K]): void;
  chooseTab(kind: string, tab: string): void;
  pushAlert(message: string): void;
  dismissAlert(id: number): void;
}

let alertSeq = 0;

export const useUi = create<UiState>()((set, get) => ({
  selection: [],
  selectedNodeId: null,
  expandOverrides: new Map(),
  showTemplates: false,
  showSnapshots: false,
  showHidden: false,
  eventsOpen: true,
  tabByKind: {},
  addServerOpen: false,
  aboutOpen: false,
  contextMenu: null,
  alerts: [],

  select(nodeId, sel) { set({ selectedNodeId: nodeId, selection: sel }); },
  setExpanded(nodeId, expanded) {
    const m = new Map(get().expandOverrides);
    m.set(nodeId, expanded);
    set({ expandOverrides: m });
  },
  set(key, value) { set({ [key]: value } as Partial<UiState>); },
  chooseTab(kind, tab) { set({ tabByKind: { ...get().tabByKind, [kind]: tab } }); },
  pushAlert(message) { set({ alerts: [...get().alerts.slice(-4), { id: ++alertSeq, message }] }); },
  dismissAlert(id) { set({ alerts: get().alerts.filter((a) => a.id !== id) }); },
}));
