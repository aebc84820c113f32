/** One request as the journal records it. */
export interface JournalEntry {
  time: string;
  method: string;
  path: string;
  operationId: string | null;
  status: number;
  /** Whether the request passed validation, or null when validation never ran (401, 404, 405). */
  requestValid: boolean | null;
  /** Whether the response passed its schema, or null when it was not checked. */
  responseValid: boolean | null;
  /** `stateful` for responses from the store, `generated` for Prism's, null when no operation ran. */
  source: 'stateful' | 'generated' | null;
  /** The injected fault that hit this request, if any; a dropped request has status 0. */
  fault: { id: string; kind: 'latency' | 'status' | 'drop' } | null;
  namespace: string;
}

/** The filters GET /_fake/journal accepts. */
export interface JournalFilter {
  operationId?: string;
  status?: number;
}

/** The requests a namespace received, oldest first, capped at `limit` entries by dropping the oldest. */
export class Journal {
  private entries: JournalEntry[] = [];

  constructor(private readonly limit: number) {}

  record(entry: JournalEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.entries.filter(
      (entry) =>
        (filter.operationId === undefined || entry.operationId === filter.operationId) &&
        (filter.status === undefined || entry.status === filter.status),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
