// View state that is not XAPI data: selection, expansion, view options, chosen tabs, dialogs.
import { create } from 'zustand';
import type { Command, DialogRequest, SelectedObject, ServerDialogRequest } from '../framework/command';
import type { MetricsRangeId } from '../../../shared/metrics/ranges';
import type { TreeView } from '../tree/org-views';
import type { RevealTarget } from '../tree/keep-selection';
import { DEFAULT_TREE_OPTIONS } from '../tree/visibility';
import { EVENTS_DEFAULT, parseStoredSize } from '../ui/panel-size';

export type { ServerDialogRequest } from '../framework/command';

export interface ContextMenuState { x: number; y: number; selection: SelectedObject[]; returnFocus?: HTMLElement | null }

export interface UiAlert { id: number; message: string; kind?: 'error' | 'info' }

export interface UiState {
  /** Every selected object (several with Ctrl/Shift-click or Shift+arrows; each once). */
  selection: SelectedObject[];
  /** Tree node id of the selected row: with several, the last one clicked or reached (the focus). */
  selectedNodeId: string | null;
  /** The ids of every selected row, selectedNodeId among them; empty when nothing is. */
  selectedNodeIds: ReadonlySet<string>;
  /** Where a Shift-click or Shift+arrow range starts: the row last selected alone or Ctrl-clicked. */
  selectionAnchor: string | null;
  expandOverrides: Map<string, boolean>;
  /** The View menu's tree options (tree/visibility.ts; XenCenter's defaults). */
  showCustomTemplates: boolean;
  showDefaultTemplates: boolean;
  showLocalStorage: boolean;
  showSnapshots: boolean;
  showHidden: boolean;
  showNetworks: boolean;
  eventsOpen: boolean;
  /** The Events panel's height in px (its splitter); kept in local storage across restarts. */
  eventsHeight: number;
  /** Finished tasks the user dismissed from the Events panel (task keys). */
  dismissedTasks: ReadonlySet<string>;
  /** Tab chosen per object kind. */
  tabByKind: Record<string, string>;
  contextMenu: ContextMenuState | null;
  alerts: UiAlert[];
  serverDialog: ServerDialogRequest | null;
  /** The open dialog of the dialog host (framework/DialogHost.tsx): Add Server, Migrate VM…, Enable HA… */
  dialog: DialogRequest | null;
  /** The demo pool is starting (File > Open Demo Pool is greyed meanwhile). */
  demoStarting: boolean;
  /** A command waiting for the answer to its question (Shut Down VM…), asked by ConfirmCommandDialog. */
  confirmRequest: { cmd: Command; selection: SelectedObject[] } | null;
  /** The Performance tab's time range (kept as the selection moves, as XenCenter does). */
  metricsRange: MetricsRangeId;
  /** The navigation tree's view (XenCenter's Infrastructure / Objects by Tag / Objects by Folder). */
  treeView: TreeView;
  /** An object to select once the tree shows it (the VM the New VM wizard made, the demo pool), unless the
   * user selected something else first (`from`: the selection when it was asked for). */
  pendingReveal: (RevealTarget & { from: string | null }) | null;

  /** One row alone (or none): the selection and the anchor of the next range. */
  select(nodeId: string | null, sel: SelectedObject[]): void;
  /** Several rows (tree/multi-select.ts): `primary` is the row the tabs and focus follow. */
  selectRows(nodeIds: readonly string[], sel: SelectedObject[], primary: string, anchor?: string | null): void;
  /** Switches the tree's view; the selection goes with the old view's rows (node ids differ per view),
   * so the toolbar and menus never act on an object the tree no longer shows as selected. */
  chooseTreeView(view: TreeView): void;
  setExpanded(nodeId: string, expanded: boolean): void;
  /** Selects the object as soon as the tree shows it (the navigation tree does it). */
  reveal(target: RevealTarget, from?: string | null): void;
  openDialog(kind: string, target?: SelectedObject, partner?: SelectedObject): void;
  /** A command's dialog for several objects (Command.multiDialog). */
  openDialogOn(kind: string, targets: SelectedObject[]): void;
  closeDialog(): void;
  set<K extends keyof UiState>(key: K, value: UiState[K]): void;
  chooseTab(kind: string, tab: string): void;
  pushAlert(message: string, kind?: 'error' | 'info'): void;
  dismissAlert(id: number): void;
  setEventsHeight(h: number): void;
  dismissTasks(keys: Iterable<string>): void;
}

const EVENTS_HEIGHT_KEY = 'xenclient.eventsHeight';

/** Local UI state (sizes): the renderer's own storage; absent under plain Node (unit tests). */
function readStored(key: string): string | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage.getItem(key); } catch { return null; }
}
function writeStored(key: string, value: string): void {
  try { if (typeof localStorage !== 'undefined') localStorage.setItem(key, value); } catch { /* storage full or blocked: the size is only not kept */ }
}

let alertSeq = 0;

export const useUi = create<UiState>()((set, get) => ({
  selection: [],
  selectedNodeId: null,
  selectedNodeIds: new Set(),
  selectionAnchor: null,
  expandOverrides: new Map(),
  ...DEFAULT_TREE_OPTIONS,
  eventsOpen: true,
  eventsHeight: parseStoredSize(readStored(EVENTS_HEIGHT_KEY), EVENTS_DEFAULT),
  dismissedTasks: new Set(),
  tabByKind: {},
  contextMenu: null,
  alerts: [],
  serverDialog: null,
  dialog: null,
  demoStarting: false,
  confirmRequest: null,
  metricsRange: '10m',
  treeView: 'infrastructure',
  pendingReveal: null,

  select(nodeId, sel) { set({ selectedNodeId: nodeId, selection: sel, selectedNodeIds: new Set(nodeId ? [nodeId] : []), selectionAnchor: nodeId }); },
  selectRows(nodeIds, sel, primary, anchor = get().selectionAnchor) {
    set({ selectedNodeId: primary, selection: sel, selectedNodeIds: new Set(nodeIds), selectionAnchor: anchor });
  },
  chooseTreeView(view) {
    if (get().treeView !== view) set({ treeView: view, selectedNodeId: null, selection: [], selectedNodeIds: new Set(), selectionAnchor: null });
  },
  reveal(target, from = get().selectedNodeId) { set({ pendingReveal: { ...target, from } }); },
  setExpanded(nodeId, expanded) {
    const m = new Map(get().expandOverrides);
    m.set(nodeId, expanded);
    set({ expandOverrides: m });
  },
  openDialogOn(kind, targets) { set({ dialog: { kind, targets } }); },
  openDialog(kind, target, partner) { set({ dialog: { kind, ...(target ? { target } : {}), ...(partner ? { partner } : {}) } }); },
  closeDialog() { set({ dialog: null }); },
  set(key, value) { set({ [key]: value } as Partial<UiState>); },
  chooseTab(kind, tab) { set({ tabByKind: { ...get().tabByKind, [kind]: tab } }); },
  pushAlert(message, kind = 'error') { set({ alerts: [...get().alerts.slice(-4), { id: ++alertSeq, message, kind }] }); },
  dismissAlert(id) { set({ alerts: get().alerts.filter((a) => a.id !== id) }); },
  setEventsHeight(h) {
    if (h === get().eventsHeight) return;
    set({ eventsHeight: h });
    writeStored(EVENTS_HEIGHT_KEY, String(h));
  },
  dismissTasks(keys) {
    const next = new Set(get().dismissedTasks);
    for (const k of keys) next.add(k);
    set({ dismissedTasks: next });
  },
}));

/** The views that show every object of the Infrastructure view (Objects by Type is built from its rows). */
const SHOWS_EVERY_OBJECT: ReadonlySet<TreeView> = new Set(['infrastructure', 'types']);

/** Selects an object in the tree (the palette, the Search tab's results). Objects by Tag, by Folder or a
 * saved search show only some objects, so the tree goes back to Infrastructure first. */
export function revealInTree(target: RevealTarget): void {
  const ui = useUi.getState();
  if (!SHOWS_EVERY_OBJECT.has(ui.treeView)) ui.chooseTreeView('infrastructure');
  useUi.getState().reveal(target);
}
