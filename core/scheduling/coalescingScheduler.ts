// Turns a storm of change events into one refresh (style.md §5): events within `delayMs` of each other coalesce,
// refreshes never overlap, and an event arriving during a refresh schedules exactly one more.
export class CoalescingScheduler<K = string> {
  private readonly pending = new Set<K>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly refresh: (keys: ReadonlySet<K>) => Promise<void> | void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Note that `key` changed; the refresh runs once the events stop for delayMs. */
  schedule(key: K): void {
    if (this.disposed) return;
    this.pending.add(key);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Resolves when no refresh is pending or running. */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      await this.running;
      if (this.timer || this.pending.size === 0) return;
    }
    const keys = new Set(this.pending);
    this.pending.clear();
    this.running = (async () => {
      try {
        await this.refresh(keys);
      } catch (error) {
        this.onError(error);
      }
    })();
    await this.running;
    this.running = undefined;
    if (this.pending.size > 0 && !this.timer && !this.disposed) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }
}
