// Review verdicts: what a reviewer decided about one generation of one key. The review file
// (launch.review.yaml, next to the manifest) holds them; plan reads them, the review page writes them.

export const REVIEW_FORMAT_VERSION = 1;

type VerdictKind = "approved" | "rejected";

export interface Verdict {
  key: string;
  /** The generation of the key the reviewer looked at (the lockfile's `generation`). */
  generation: number;
  verdict: VerdictKind;
  note?: string;
  /** Who decided (the reviewer's name as they gave it). */
  by?: string;
  /** ISO 8601 time of the decision. */
  at: string;
  /** The TaskId of that generation, when it had one: a verdict never applies to another task. */
  task_id?: string;
}

export interface ReviewFile {
  campaign: string;
  /** Sorted by key (code points, like the lockfile), then generation. */
  verdicts: Verdict[];
}

/** launch.yaml -> launch.review.yaml (next to the manifest). */
export function reviewPathFor(manifestPath: string): string {
  return manifestPath.replace(/\.(ya?ml|json)$/i, "") + ".review.yaml";
}

export function verdictId(v: Pick<Verdict, "key" | "generation">): string {
  return `${v.key}\u0000${v.generation}`;
}
