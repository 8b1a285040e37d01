// One account's request rate shared by every runner that uses it, through the state database: the bucket row
// holds the next free start slot (the generic cell rate algorithm), and each runner leases a few consecutive
// slots at a time in one short transaction, spaced 1/rate apart on the database's clock. However many runners
// there are, starts are never closer than 1/rate; a lease is at most a quarter second of the rate divided by
// the runners seen in the last 5 s, so every runner gets its turn (fair share). A runner that dies holding a
// lease wastes its unused slots (at most that quarter second of the account's rate); nothing needs cleaning up.
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import type { SharedBudget } from "../apply/state.js";
import type { Clock } from "../sched/clock.js";
import {
  API_KEY,
  BASE_URL,
  settingText,
  TENCENT_ENDPOINT,
  TENCENT_SECRET_ID,
  TENCENT_SUBAPP_ID,
  type EnvSource,
} from "../config/settings.js";

/** Slots are spaced for this fraction of the rate, so a start's lateness (below) stays under the limit. */
const BUDGET_MARGIN = 0.9;
/**
 * How late a runner may still start on a slot, at most. The margin leaves `1000 / 0.9 - 1000` ≈ 111 ms of slot
 * spacing in every second unused: starts stay at most `rate` in any one-second window while a start's lateness,
 * plus the error of its runner's view of the database's clock, stays under that. Half of it goes to lateness
 * (half an interval instead, when that is less: rates above 10/s); a slot reached later is skipped.
 */
const LATE_MS = (1000 / BUDGET_MARGIN - 1000) / 2;
/** A lease covers this much of the account's time, shared among the active runners. */
const LEASE_MS = 250;
/** A runner not seen for this long no longer counts in the fair share. */
const ACTIVE_MS = 5_000;

export interface BudgetOptions {
  /** Its own connection (opened on the first lease): a lease's transaction must not take in the run's record inserts. */
  connect: () => Promise<pg.Client>;
  /** Identifies the account (a hash, never a credential). */
  account: string;
  kind: "create" | "query";
  /** The account's rate per second. */
  rate: number;
  clock: Clock;
}

/** An account's id for the budget: the provider and a hash of where and as whom it is reached (never the secret itself). */
function accountId(provider: string, parts: readonly (string | undefined)[]): string {
  return `${provider}:${createHash("sha256")
    .update(parts.map((p) => p ?? "").join("\0"))
    .digest("hex")
    .slice(0, 24)}`;
}

/**
 * Which account a provider's requests draw on, from the command's resolved settings (credentials hashed, never
 * kept). The variables' text, not their parsed values, is hashed: the same account keeps the same id.
 */
export function accountOf(env: EnvSource, provider: string): string {
  if (provider === "tencent")
    return accountId("tencent", [
      settingText(env, TENCENT_SECRET_ID),
      settingText(env, TENCENT_ENDPOINT),
      settingText(env, TENCENT_SUBAPP_ID),
    ]);
  return accountId("gateway", [(settingText(env, BASE_URL) ?? "").replace(/\/+$/, ""), settingText(env, API_KEY)]);
}

export function postgresBudget(options: BudgetOptions): SharedBudget {
  const { account, kind, clock } = options;
  let connection: Promise<pg.Client> | undefined;
  const db = (): Promise<pg.Client> => (connection ??= options.connect());
  const interval = 1000 / (options.rate * BUDGET_MARGIN);
  const lateLimit = Math.min(interval / 2, LATE_MS);
  const runner = randomBytes(8).toString("hex");
  const slots: number[] = [];
  let active = 1;
  let queue: Promise<void> = Promise.resolve();

  async function lease(): Promise<void> {
    const want = Math.max(1, Math.floor((options.rate * BUDGET_MARGIN * LEASE_MS) / 1000 / active));
    let client: pg.Client | undefined;
    try {
      client = await db();
      await client.query("begin");
      const localBefore = clock.now();
      const now = Number(
        (await client.query<{ ms: number }>("select extract(epoch from clock_timestamp()) * 1000 as ms")).rows[0]?.ms,
      );
      // The database's clock, seen from here: half that round trip is the best guess of when `now` was read.
      const offset = (localBefore + clock.now()) / 2 - now;
      await client.query(
        "insert into reelform_runners (account, kind, runner, seen_ms) values ($1, $2, $3, $4) on conflict (account, kind, runner) do update set seen_ms = excluded.seen_ms",
        [account, kind, runner, now],
      );
      await client.query("delete from reelform_runners where account = $1 and kind = $2 and seen_ms < $3", [
        account,
        kind,
        now - 4 * ACTIVE_MS,
      ]);
      active = Math.max(
        1,
        Number(
          (
            await client.query<{ n: string }>(
              "select count(*) as n from reelform_runners where account = $1 and kind = $2 and seen_ms >= $3",
              [account, kind, now - ACTIVE_MS],
            )
          ).rows[0]?.n ?? 1,
        ),
      );
      await client.query(
        "insert into reelform_buckets (account, kind, next_ms) values ($1, $2, $3) on conflict (account, kind) do nothing",
        [account, kind, now],
      );
      const next = Number(
        (
          await client.query<{ next_ms: number }>(
            "select next_ms from reelform_buckets where account = $1 and kind = $2 for update",
            [account, kind],
          )
        ).rows[0]?.next_ms ?? now,
      );
      const count = Math.max(1, Math.min(want, Math.floor((options.rate * BUDGET_MARGIN * LEASE_MS) / 1000 / active)));
      const start = Math.max(now, next);
      await client.query("update reelform_buckets set next_ms = $3 where account = $1 and kind = $2", [
        account,
        kind,
        start + count * interval,
      ]);
      await client.query("commit");
      for (let i = 0; i < count; i += 1) slots.push(start + i * interval + offset);
    } catch {
      await client?.query("rollback").catch(() => undefined);
      // The database is gone: this runner keeps to its last known share of the rate (new requests stop anyway,
      // since their intents cannot be committed; this only paces retries of requests already recorded).
      slots.push(Math.max(clock.now(), (slots.at(-1) ?? 0) + interval * active));
    }
  }

  /**
   * The next slot of this runner's, waited for. A slot already more than `lateLimit` past (this process was
   * busy) is skipped rather than used late, where it would crowd the next slot, this runner's or another's.
   */
  async function take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      if (slots.length === 0) await lease();
      const at = slots.shift() ?? clock.now();
      const wait = at - clock.now();
      if (wait > 0) await clock.sleep(Math.ceil(wait), signal);
      if (clock.now() - at <= lateLimit) return;
    }
  }

  return {
    acquire(signal) {
      const turn = queue.then(() => take(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    async release() {
      if (!connection) return;
      const client = await connection.catch(() => undefined);
      await client
        ?.query("delete from reelform_runners where account = $1 and kind = $2 and runner = $3", [
          account,
          kind,
          runner,
        ])
        .catch(() => undefined);
      await client?.end().catch(() => undefined);
    },
  };
}
