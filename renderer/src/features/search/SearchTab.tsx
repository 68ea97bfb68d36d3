// The Search tab, on every node, a multi-selection and a saved search: XenCenter's search panel — the
// query builder, grouping, the live results with chosen and sortable columns — and saving the search
// to a pool (gui_config, as XenCenter), exporting and importing it as a .xensearch file.
import { useMemo, useState, type ChangeEvent } from 'react';
import { create } from 'zustand';
import { appStore, useApp } from '../../state';
import { revealInTree, useUi } from '../../state/ui';
import { useBridge } from '../../framework/bridge-context';
import { noteOutcomes } from '../../framework/run-command';
import { requestOutcome } from '../../framework/outcome';
import type { TabTarget } from '../../framework/tab';
import { useNavTree } from '../../tree/use-nav-tree';
import { indexTree } from '../../tree/keep-selection';
import { str } from '../../xapi-model/format';
import { downloadText } from '../../ui/download';
import { Dialog } from '../../ui/Dialog';
import { QueryBuilder } from './QueryBuilder';
import { SearchResults } from './SearchResults';
import { GroupingPicker } from './GroupingPicker';
import { ColumnsPicker } from './ColumnsPicker';
import { SaveSearchDialog } from './SaveSearchDialog';
import { runSearch } from './evaluate';
import { DEFAULT_COLUMNS, type Search } from '../../../../shared/xensearch/query';
import { nodeInfoOf, searchFor, searchForObjects } from './default-searches';
import { savedSearches, type SavedSearch } from '../../../../shared/xensearch/saved';
import { customFieldsOf, objectChoices, useSearchWorld } from './use-search-world';
import { useUsage } from './use-usage';
import { searchesFromFile, searchesToFile, searchToGuiConfig, SEARCH_FILE_EXTENSION } from '../../../../shared/xensearch/codec';
import './search.css';

/** The search being edited on each target, kept while the user looks at other tabs or objects. */
const useDrafts = create<{ drafts: Map<string, Search>; put(key: string, s: Search | null): void }>((set) => ({
  drafts: new Map(),
  put: (key, s) => set((st) => {
    const drafts = new Map(st.drafts);
    if (s) drafts.set(key, s); else drafts.delete(key);
    return { drafts };
  }),
}));

function useSaved(): SavedSearch[] {
  const version = useApp((s) => s.version);
  const connections = useApp((s) => s.connections);
  return useMemo(() => { void version; return savedSearches(appStore.getState().objects, [...connections.values()]); }, [version, connections]);
}

/** The search a target opens with: a saved search's own, else XenCenter's SearchFor of the node or selection. */
function useInitialSearch(target: TabTarget, saved: readonly SavedSearch[]): Search {
  const tree = useNavTree();
  const selected = useUi((s) => s.selectedNodeIds);
  const rec = useApp((s) => s.objects.get(target.connectionId)?.get(target.cls)?.get(target.ref));
  if (target.kind === 'search') return saved.find((s) => s.search.uuid === target.ref)?.search ?? searchFor(undefined);
  if (target.kind === 'selection') {
    const index = indexTree(tree);
    return searchForObjects([...selected].flatMap((id) => {
      const n = index.get(id)?.node;
      const r = n ? appStore.getState().objects.get(n.connectionId)?.get(n.cls)?.get(n.ref) : undefined;
      return n ? [{ kind: n.kind, name: n.name, connectionId: n.connectionId, uuid: str(r?.uuid), poolUuid: poolUuid(n.connectionId), hostUuid: firstHostUuid(n.connectionId) }] : [];
    }));
  }
  const name = target.kind === 'tag' || target.kind === 'folder' || target.kind === 'group' ? indexTree(tree).get(target.ref)?.node.name ?? '' : str(rec?.name_label);
  return searchFor(nodeInfoOf(target, name, str(rec?.uuid) || undefined));
}

/** The pool's uuid when the connection is a pool (XenCenter's Pool.IsVisible: it has a name or several servers). */
function poolUuid(connectionId: string): string | undefined {
  const objects = appStore.getState().objects.get(connectionId);
  for (const p of objects?.get('pool')?.values() ?? []) {
    if (str(p.name_label) || (objects?.get('host')?.size ?? 0) > 1) return str(p.uuid) || undefined;
  }
  return undefined;
}

function firstHostUuid(connectionId: string): string | undefined {
  for (const h of appStore.getState().objects.get(connectionId)?.get('host')?.values() ?? []) return str(h.uuid) || undefined;
  return undefined;
}

const fileName = (s: Search): string => `${[...(s.name || 'search')].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('').slice(0, 100)}.${SEARCH_FILE_EXTENSION}`;

export function SearchTab({ target }: { target: TabTarget }) {
  const bridge = useBridge();
  const pushAlert = useUi((s) => s.pushAlert);
  const saved = useSaved();
  const fresh = useInitialSearch(target, saved);
  // The same search as last render keeps its identity (keyed by its contents), so the results are not worked out again for nothing.
  const freshKey = JSON.stringify(fresh);
  const initial = useMemo(() => fresh, [freshKey]);
  const selectedIds = useUi((s) => s.selectedNodeIds);
  // A multi-selection's search is its own for each set of rows.
  const draftKey = target.kind === 'selection' ? `selection|${[...selectedIds].sort().join(',')}` : `${target.kind}|${target.connectionId}|${target.ref}`;
  const draft = useDrafts((s) => s.drafts.get(draftKey));
  const putDraft = useDrafts((s) => s.put);
  const search = draft ?? initial;
  const setSearch = (s: Search) => putDraft(draftKey, s);
  const [saving, setSaving] = useState<'save' | 'saveAs' | null>(null);
  const [notice, setNotice] = useState('');

  const columns = search.columns ?? DEFAULT_COLUMNS;
  const wantsUsage = columns.some((c) => c.name === 'cpu' || c.name === 'memory' || c.name === 'disks' || c.name === 'network');
  const usage = useUsage(wantsUsage);
  const world = useSearchWorld(usage);
  const fields = useMemo(() => customFieldsOf(world), [world]);
  const choices = useMemo(() => objectChoices(world), [world]);
  const result = useMemo(() => runSearch(world, search), [world, search]);
  const stored = saved.find((s) => !s.builtIn && s.search.uuid === search.uuid && search.uuid !== '');

  const onSort = (column: string) => {
    const now = search.sorting[0];
    setSearch({ ...search, sorting: [{ column, ascending: now?.column === column ? !now.ascending : true }] });
  };
  const open = (o: { connectionId: string; cls: string; ref: string }) => {
    if (o.cls === 'folder' || o.cls === 'vm_appliance' || o.cls === 'vdi') return;
    revealInTree({ connectionId: o.connectionId, ...(o.cls === 'connection' ? {} : { cls: o.cls, ref: o.ref }) });
  };
  const send = (pool: { connectionId: string; ref: string; name: string }, uuid: string, xml: string, title: string) => {
    void requestOutcome({ connectionId: pool.connectionId, cls: 'pool', ref: pool.ref }, title, pool.name,
      () => bridge.request('objectProperties.apply', { connectionId: pool.connectionId, cls: 'pool', ref: pool.ref, changes: { savedSearches: { [uuid]: xml } } }))
      .then((o) => noteOutcomes([o], appStore, (m) => pushAlert(m)));
  };
  const onSaved = (s: Search, pool: { connectionId: string; ref: string; name: string }) => {
    setSaving(null);
    setSearch(s);
    send(pool, s.uuid, searchToGuiConfig(s), `Saving search '${s.name}' in pool`);
    setNotice(`'${s.name}' is being saved in ${pool.name}: the Events panel says when it is done.`);
  };
  const [askDelete, setAskDelete] = useState(false);
  const onDelete = () => {
    setAskDelete(false);
    if (!stored?.connectionId || !stored.poolRef) return;
    const pool = appStore.getState().objects.get(stored.connectionId)?.get('pool')?.get(stored.poolRef);
    send({ connectionId: stored.connectionId, ref: stored.poolRef, name: str(pool?.name_label) }, stored.search.uuid, '', `Deleting search '${stored.search.name}' from pool`);
    setNotice(`'${stored.search.name}' is being deleted from ${str(pool?.name_label)}: the Events panel says when it is done.`);
  };
  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      if (file.size > 1_000_000) throw new Error('The file is too large to be a saved search.');
      const found = searchesFromFile(await file.text());
      // A new search here until saved: it never overwrites a saved one that has the same uuid.
      setSearch({ ...found[0], uuid: '' });
      setNotice(found.length > 1 ? `Imported '${found[0].name}' (the first of ${found.length} searches in the file). Save it to keep it in a pool.` : `Imported '${found[0].name}'. Save it to keep it in a pool.`);
    } catch (err) {
      pushAlert(`Import Search failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <div className="search-tab">
      <div role="toolbar" aria-label="Search" className="tab-toolbar search-toolbar">
        <button type="button" onClick={() => setSaving(stored ? 'save' : 'saveAs')}>{stored ? 'Save' : 'Save…'}</button>
        {stored ? <button type="button" onClick={() => setSaving('saveAs')}>Save As…</button> : null}
        {stored ? <button type="button" onClick={() => setAskDelete(true)}>Delete</button> : null}
        <button type="button" onClick={() => downloadText(fileName(search), searchesToFile([{ ...search, uuid: search.uuid || crypto.randomUUID() }]), 'application/xml')}>Export…</button>
        <label className="file-button">
          Import…
          <input type="file" accept={`.${SEARCH_FILE_EXTENSION},application/xml,text/xml`} aria-label="Search file to import" onChange={(e) => void onImport(e)} />
        </label>
        <button type="button" disabled={!draft} onClick={() => { putDraft(draftKey, null); setNotice(''); }} title="Back to the search this item opens with">Reset</button>
        <span className="search-title">{search.name || 'New search'}{draft && draft !== initial ? <span className="muted"> (changed)</span> : null}</span>
      </div>
      {notice ? <p className="search-notice" role="status">{notice}</p> : null}
      <QueryBuilder scope={search.scope} filter={search.filter} fields={fields} choices={choices}
        onScope={(scope) => setSearch({ ...search, scope })} onFilter={(filter) => setSearch({ ...search, filter })} />
      <div className="search-options">
        <GroupingPicker grouping={search.grouping} fields={fields} onChange={(grouping) => setSearch({ ...search, grouping })} />
        <ColumnsPicker columns={columns} fields={fields} onChange={(c) => setSearch({ ...search, columns: c })} />
        <span className="search-count-total" role="status">{result.count === 1 ? '1 object' : `${result.count} objects`}</span>
      </div>
      <SearchResults world={world} result={result} columns={columns} sorting={search.sorting} onSort={onSort} onOpen={open} label={`Results of ${search.name || 'the search'}`} />
      {askDelete && stored ? (
        <Dialog title="Delete Saved Search" role="alertdialog" onCancel={() => setAskDelete(false)} className="search-dialog">
          <p>Delete the saved search '{stored.search.name}'? It is removed from its pool, for every client connected to it.</p>
          <div className="dialog-buttons">
            <button type="button" className="danger" onClick={onDelete}>Delete</button>
            <button type="button" onClick={() => setAskDelete(false)}>Cancel</button>
          </div>
        </Dialog>
      ) : null}
      {saving ? (
        <SaveSearchDialog search={search} overwrite={saving === 'save' ? stored : undefined}
          onCancel={() => setSaving(null)} onSave={onSaved} />
      ) : null}
    </div>
  );
}
