export interface ApiConfig {
  /** No trailing slash. https, or http only to a loopback host. */
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  userAgent: string;
}

// The outcomes of a create and a query belong to the provider seam (outcomes.ts), whatever the transport.
export type { CreateOutcome, QueryOutcome, TaskEcho } from "./outcomes.js";
