import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../state/ui';
import type { TreeOptions } from './visibility';

/** The View menu's tree options, as one object that changes only when one of them does. */
export function useTreeOptions(): Required<TreeOptions> {
  return useUi(useShallow((s) => ({
    showCustomTemplates: s.showCustomTemplates, showDefaultTemplates: s.showDefaultTemplates, showLocalStorage: s.showLocalStorage,
    showSnapshots: s.showSnapshots, showHidden: s.showHidden, showNetworks: s.showNetworks,
  })));
}
