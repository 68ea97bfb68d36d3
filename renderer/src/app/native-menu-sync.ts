// Keeps main's native menu bar in step with the page's menu model (menu.set): the latest model sent once it has
// held still for a moment and only when it differs from the last sent; a host that answers shown: false (the
// browser host) is asked no more. A click main sends back runs that id's handler from the latest model.
import type { NativeMenuModel } from '../../../shared/ipc/areas/menu';
import type { NativeMenuBuild } from './native-menu-model';

export class NativeMenuSync {
  private handlers = new Map<string, () => void>();
  private sentKey: string | undefined;
  private pendingKey: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private hostHasNone = false;

  constructor(
    private readonly send: (model: NativeMenuModel) => Promise<{ shown: boolean }>,
    private readonly onShown: (shown: boolean) => void,
    private readonly delayMs: number,
  ) {}

  update({ model, handlers }: NativeMenuBuild): void {
    this.handlers = handlers;
    if (this.hostHasNone) return;
    const key = JSON.stringify(model);
    // The same model again (renders at each store change) does not push its sending back.
    if (key === this.pendingKey) return;
    clearTimeout(this.timer);
    this.pendingKey = undefined;
    if (key === this.sentKey) return;
    this.pendingKey = key;
    this.timer = setTimeout(() => {
      this.pendingKey = undefined;
      this.sentKey = key;
      this.send(model).then(
        ({ shown }) => { if (!shown) this.hostHasNone = true; this.onShown(shown); },
        // Refused or failed: the in-page bar shows, and the next change tries again.
        () => { this.sentKey = undefined; this.onShown(false); },
      );
    }, this.delayMs);
  }

  /** A native item was clicked: its handler as last built; nothing for a greyed or unknown id. */
  command(id: string): void {
    this.handlers.get(id)?.();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pendingKey = undefined;
  }
}
