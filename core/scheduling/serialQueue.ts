// Runs async tasks one at a time, in the order they were queued: a task that awaits keeps later ones waiting, which a
// plain synchronous section cannot do. A failed task does not stop the ones after it.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
