// The search box above the navigation tree (XenCenter's "Search..."). The match count is announced.
import type { KeyboardEvent } from 'react';
import { matchCountText } from '../tree/filter-tree';

interface Props {
  query: string;
  setQuery(q: string): void;
  matches: number;
  /** The filter has not caught up with the text yet: the count would be stale. */
  pending: boolean;
  onEnterTree(): void;
}

export function TreeSearch({ query, setQuery, matches, pending, onEnterTree }: Props) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' && query) { setQuery(''); e.preventDefault(); e.stopPropagation(); }
    else if (e.key === 'ArrowDown') { onEnterTree(); e.preventDefault(); }
  };
  const text = pending ? '' : matchCountText(query, matches);
  return (
    <div className="tree-search">
      <input
        type="search"
        aria-label="Search the tree"
        placeholder="Search…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        spellCheck={false}
        autoComplete="off"
      />
      <div role="status" aria-live="polite" className={`tree-search-count${text ? '' : ' sr-only'}`}>{text}</div>
    </div>
  );
}
