import { useStore } from 'zustand';
import { createAppStore, type AppState } from './store';

export * from './store';

/** The application's single store. */
export const appStore = createAppStore();

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
