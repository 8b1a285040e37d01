// The part of the state seam the executor sees: a request rate shared with other runners on the same account
// (the PostgreSQL implementation is state/shared-budget.ts; the lockfile shares nothing).
export interface SharedBudget {
  /** Resolves when one request may start (never rejects: without the database it keeps to its last share). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** This runner stops drawing (it no longer counts in the fair share). */
  release(): Promise<void>;
}
