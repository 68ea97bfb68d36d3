// What a tree row stands for in the selection: its object; tag, folder and group rows stand for none.
import type { SelectedObject } from '../framework/command';
import type { TreeNode } from './build-tree';

export function selectionOf(node: TreeNode): SelectedObject[] {
  // Tag and folder rows group objects, a saved search finds them: they are not objects themselves.
  if (node.kind === 'group' || node.kind === 'tag' || node.kind === 'folder' || node.kind === 'search') return [];
  return [{ connectionId: node.connectionId, cls: node.cls, ref: node.ref }];
}

/** What dragging a row carries: its object, or for a folder row the folder itself ({ cls: 'folder', ref: path }). */
export function dragSelectionOf(node: TreeNode): SelectedObject[] {
  if (node.kind === 'folder' && node.ref.startsWith('group|folder|')) return [{ connectionId: '', cls: 'folder', ref: node.ref.slice('group|folder|'.length) }];
  return selectionOf(node);
}
