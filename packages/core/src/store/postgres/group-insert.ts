/**
 * Group commit for inserts that each caller awaits: items added while one batch is in flight go
 * together in the next, so a burst of N writes costs a few statements (and WAL flushes), not N.
 * Each `add` resolves with its own result once its batch is committed, or rejects with the
 * batch's error; `drained` settles once nothing is queued or in flight.
 */
export class GroupInsert<Item, Result> {
  private queued: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private inFlight: Promise<void> | undefined;

  /** `write` commits a batch and answers one result per item, in order. */
  constructor(private readonly write: (items: readonly Item[]) => Promise<readonly Result[]>) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      this.flush();
    });
  }

  async drained(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private flush(): void {
    if (this.inFlight || this.queued.length === 0) return;
    const batch = this.queued;
    this.queued = [];
    this.inFlight = this.write(batch.map((queued) => queued.item))
      .then(
        (results) => batch.forEach((queued, i) => queued.resolve(results[i])),
        (error: unknown) => batch.forEach((queued) => queued.reject(error ?? new Error('insert failed'))),
      )
      .finally(() => {
        this.inFlight = undefined;
        this.flush();
      });
  }
}
