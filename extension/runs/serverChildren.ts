// A tracking server's first level in a tree (Runs, Traces), read in the background. VS Code draws a tree level only
// once every expanded node under it has its children, so a server using its whole deadline (10 s) would hold back
// the local stores beside it: the server's node says it is asking until the read settles, then the tree redraws.
import type { StoreEntry } from './trackingStores';

interface Read<N> {
  children?: N[];
}

export class ServerChildren<N> {
  private readonly reads = new Map<string, Read<N>>();

  constructor(private readonly redraw: () => void) {}

  /**
   * A local store's first level, read now. A server's: what was read last (kept until dropped: a local store's live
   * update redraws the tree without asking the server again), else the node `asking` makes of "Asking URL…" while
   * `read` runs. `read` turns failures into nodes; it never rejects.
   */
  level(entry: StoreEntry, read: () => Promise<N[]>, asking: (label: string) => N): Promise<N[]> | N[] {
    if (entry.store?.kind !== 'rest') return read();
    const known = this.reads.get(entry.uri);
    if (known?.children) return known.children;
    if (!known) {
      const started: Read<N> = {};
      this.reads.set(entry.uri, started);
      void read().then((children) => {
        if (this.reads.get(entry.uri) !== started) return;
        started.children = children;
        this.redraw();
      });
    }
    return [asking(`Asking ${entry.store.location}…`)];
  }

  /** Forgets what was read (of some stores, or all): the next draw asks again; a read in flight is ignored. */
  drop(entries?: readonly StoreEntry[]): void {
    for (const uri of [...this.reads.keys()]) if (!entries || entries.some((e) => e.uri === uri)) this.reads.delete(uri);
  }
}
