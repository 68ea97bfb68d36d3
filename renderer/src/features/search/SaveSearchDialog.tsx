// Save Search: a name and the pool to keep it in (XenCenter saves a search to one pool's gui_config;
// every client connected to that pool then lists it). Saving over a stored search keeps its uuid and pool.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { Dialog } from '../../ui/Dialog';
import { appStore, useApp } from '../../state';
import { str } from '../../xapi-model/format';
import type { Search } from '../../../../shared/xensearch/query';
import type { SavedSearch } from '../../../../shared/xensearch/saved';

export interface PoolChoice { connectionId: string; ref: string; name: string }

export function SaveSearchDialog({ search, overwrite, onCancel, onSave }: {
  search: Search; overwrite?: SavedSearch; onCancel: () => void; onSave: (s: Search, pool: PoolChoice) => void;
}) {
  const connections = useApp((s) => s.connections);
  const pools = useMemo(() => [...connections.values()].filter((c) => c.status === 'connected').flatMap((c): PoolChoice[] =>
    [...appStore.getState().objects.get(c.id)?.get('pool')?.entries() ?? []].map(([ref, p]) => {
      const master = appStore.getState().objects.get(c.id)?.get('host')?.get(str(p.master));
      return { connectionId: c.id, ref, name: str(p.name_label) || str(master?.name_label) || c.hostname };
    })), [connections]);
  const [name, setName] = useState(overwrite ? search.name : search.name && !search.name.endsWith('Overview') && !search.name.startsWith('All Servers') ? search.name : '');
  const [poolKey, setPoolKey] = useState(overwrite ? `${overwrite.connectionId}|${overwrite.poolRef}` : pools[0] ? `${pools[0].connectionId}|${pools[0].ref}` : '');
  const nameId = useId();
  const poolId = useId();
  const pool = pools.find((p) => `${p.connectionId}|${p.ref}` === poolKey);
  const problem = !name.trim() ? 'Enter a name for the search.' : name.length > 256 ? 'The name must be at most 256 characters.' : !pool ? 'Connect to a pool to save the search in.' : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem || !pool) return;
    onSave({ ...search, name: name.trim(), uuid: overwrite ? overwrite.search.uuid : crypto.randomUUID() }, pool);
  };
  return (
    <Dialog title={overwrite ? 'Save Search' : 'Save Search As'} onCancel={onCancel} className="search-dialog">
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <label htmlFor={nameId}>Name:</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
          <label htmlFor={poolId}>Save in:</label>
          <select id={poolId} value={poolKey} disabled={!!overwrite} onChange={(e) => setPoolKey(e.target.value)}>
            {pools.map((p) => <option key={`${p.connectionId}|${p.ref}`} value={`${p.connectionId}|${p.ref}`}>{p.name}</option>)}
          </select>
        </div>
        <p className="field-hint">Saved in the pool itself, as XenCenter saves searches: everyone connected to it sees the search under Saved Searches.</p>
        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={!!problem} title={problem}>Save</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
