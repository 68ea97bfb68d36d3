// Transfers: VM export to and import from an XVA file.
import { ContractError, exactKeys, noArgs, ref, str, type Validators } from '../checks';

/** A transfer set up by vm.export / vm.import. */
export interface TransferStarted {
  transferId: string;
  /** The XAPI task the transfer reports progress on (destroyed when it ends). */
  taskRef: string;
  /** True when main moves the bytes itself (Electron file dialogs): the renderer does nothing more. */
  handledByMain: boolean;
}

/** An XVA file the operating system asked the app to open (main keeps the path; the page gets a token). */
export interface OpenedFile {
  fileToken: string;
  fileName: string;
  size: number;
}

export interface TransferRequests {
  /**
   * Exports a VM as an XVA file. Main makes the task ("Export of <vm name>") and returns its ref.
   * Browser host: the renderer then downloads GET /transfer/<transferId>?token=<token> within 60 s.
   * Electron (`handledByMain`): main asked where to save it and writes the file itself.
   * The user cancelling main's file dialog rejects with TRANSFER_CANCELLED.
   */
  'vm.export': { args: { connectionId: string; vmRef: string }; result: TransferStarted };
  /**
   * Imports an XVA file into an SR. Browser host: the renderer then uploads the file's `size` bytes
   * with PUT /transfer/<transferId>?token=<token> (Content-Length required) within 60 s; the reply is
   * `{ vmRefs }`. Electron (`handledByMain`): main asks for the file itself (fileName/size unused).
   */
  'vm.import': { args: { connectionId: string; srRef: string; fileName: string; size: number; fileToken?: string }; result: TransferStarted };
  /**
   * The files opened from the desktop (a double-clicked .xva) and not yet imported. Each also arrives
   * as a `transfer.fileOpened` event; vm.import with its `fileToken` imports it (FILE_TOKEN_INVALID once used).
   */
  'transfer.openedFiles': { args: Record<string, never>; result: OpenedFile[] };
}

const MAX_FILE_NAME = 1024;

export const TRANSFER_VALIDATORS: Validators<TransferRequests> = {
  'vm.export': (o) => {
    exactKeys(o, ['connectionId', 'vmRef']);
    return { connectionId: str(o, 'connectionId'), vmRef: ref(o, 'vmRef') };
  },
  'vm.import': (o) => {
    exactKeys(o, ['connectionId', 'srRef', 'fileName', 'size', 'fileToken']);
    const fileName = str(o, 'fileName', { allowEmpty: true });
    if (fileName.length > MAX_FILE_NAME || [...fileName].some((ch) => ch.charCodeAt(0) < 32)) throw new ContractError(`"fileName" must be a file name of at most ${MAX_FILE_NAME} characters`);
    const size = o.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new ContractError('"size" must be a whole number of bytes');
    const fileToken = o.fileToken === undefined ? undefined : str(o, 'fileToken');
    if (fileToken !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(fileToken)) throw new ContractError('"fileToken" is not a file token');
    return { connectionId: str(o, 'connectionId'), srRef: ref(o, 'srRef'), fileName, size, ...(fileToken ? { fileToken } : {}) };
  },
  'transfer.openedFiles': noArgs,
};
