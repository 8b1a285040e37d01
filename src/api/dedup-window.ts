// A property of the API that the plan (re-send or not) and recovery by session_id both depend on.
/** The API refuses a repeated session_id for three days (docs/api.md); after that a re-send could create a second task. */
export const DEDUP_WINDOW_MS = 3 * 24 * 3600 * 1000;
