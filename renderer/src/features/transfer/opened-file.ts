// The .xva file the desktop asked the app to open (main's transfer.fileOpened, or transfer.openedFiles
// at start): the Import dialog imports it by its token instead of asking for a file.
import { create } from 'zustand';
import type { OpenedFile } from '../../../../shared/ipc/areas/transfer';

interface OpenedFileState {
  file: OpenedFile | null;
  offer(f: OpenedFile): void;
  clear(): void;
}

export const useOpenedFile = create<OpenedFileState>((set) => ({
  file: null,
  offer: (file) => set({ file }),
  clear: () => set({ file: null }),
}));
