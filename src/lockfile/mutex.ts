// CONTRACT STUB (skeleton): the apply work replaces the bodies; the signatures are the contract.

export interface LockInfo {
  id: string;
  command: string;
  owner: string;
  host: string;
  pid: number;
  started_at: string;
}

export interface LockHandle {
  info: LockInfo;
  release(): Promise<void>;
}

/** `<lockfile>.lock`: one writer per lockfile. Fails fast naming the holder; takes over a dead holder's lock. */
export async function acquireLock(_lockfilePath: string, _command: string): Promise<LockHandle> {
  throw new Error("acquireLock: not implemented yet");
}
