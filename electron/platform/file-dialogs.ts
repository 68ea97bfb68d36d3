// The native file dialogs of VM export and import (AppCore's chooseExportFile / chooseImportFile) and of
// the Server Status Report's zip (chooseStatusReportFile):
// main asks where the file goes or which file to read, and streams it itself, so no VM bytes
// cross to the renderer.
import { BrowserWindow, dialog } from 'electron';

const XVA_FILTERS = [{ name: 'XVA files', extensions: ['xva'] }, { name: 'All files', extensions: ['*'] }];

function parentWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

export async function chooseExportFile(suggestedName: string): Promise<string | undefined> {
  const win = parentWindow();
  const opts = { title: 'Export VM', defaultPath: suggestedName, filters: XVA_FILTERS };
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  return r.canceled || !r.filePath ? undefined : r.filePath;
}

export async function chooseImportFile(): Promise<string | undefined> {
  const win = parentWindow();
  const opts = { title: 'Import VM', filters: XVA_FILTERS, properties: ['openFile' as const] };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? undefined : r.filePaths[0];
}

export async function chooseStatusReportFile(suggestedName: string): Promise<string | undefined> {
  const win = parentWindow();
  const opts = { title: 'Save Server Status Report', defaultPath: suggestedName, filters: [{ name: 'Zip files', extensions: ['zip'] }, { name: 'All files', extensions: ['*'] }] };
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  return r.canceled || !r.filePath ? undefined : r.filePath;
}
