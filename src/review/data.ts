// The data the review page is built from, inlined into the page as JSON. Shared by the server side
// (which builds it) and documented in docs/review.md "The review page".
import type { Verdict } from "./verdicts.js";

export interface ReviewAxis {
  name: string;
  /** Distinct values in the order the manifest produces them (as text). */
  values: string[];
}

/** Where a video plays from: the pulled file (relative to the page), or the recorded URL. */
export interface VideoSource {
  src: string;
  from: "file" | "url";
}

/** One check of a generation's file, as the page shows it (a badge with the measured value). */
export interface ReviewCheck {
  check: string;
  outcome: "passed" | "failed" | "not_run";
  measured?: string;
  asked?: string;
}

export interface ReviewGeneration {
  generation: number;
  task_id?: string;
  state: string;
  media?: VideoSource;
  submitted_at?: string;
  /** Check results of this generation's file (absent: never checked, or the file changed since). */
  checks?: ReviewCheck[];
}

export interface ReviewCell {
  key: string;
  video: string;
  /** Matrix axis -> value (as text); absent for row-based videos and videos without a matrix. */
  axes?: Record<string, string>;
  take?: number;
  prompt: string;
  model: string;
  version: string;
  resolution: string;
  seconds: number;
  /** Current generation (0: never submitted). */
  generation: number;
  task_id?: string;
  /** planned, submitted, waiting, processing, succeeded, failed, expired, in doubt, duplicate, rejected. */
  state: string;
  failure?: string;
  cost?: number;
  media?: VideoSource;
  /** Earlier generations of the key (a ~ replaced them), oldest first. */
  earlier: ReviewGeneration[];
  /** Check results of the current generation's file. */
  checks?: ReviewCheck[];
}

export interface ReviewData {
  campaign: string;
  /** The manifest's file name and the review file's, as a user names them. */
  manifest: string;
  reviewFile: string;
  mode: "static" | "serve";
  currency?: string;
  axes: ReviewAxis[];
  cells: ReviewCell[];
  verdicts: Verdict[];
  /** Default reviewer name (serve mode: REELFORM_REVIEWER or the user). */
  reviewer: string;
  generatedAt: string;
  /** --rows / --cols as given. */
  rows?: string;
  cols?: string;
}

/**
 * The data as the page carries it: this head, inlined first (`<script type="application/json"
 * id="reelform-data">`), holds everything but the cells, plus the cells of the first page (display order for
 * the default axes) and the facts every layout needs; the other cells follow, in campaign order, in
 * `<script type="application/json" class="reelform-cells">` blocks after the client script, so the first
 * page is on screen before they are parsed. A campaign of one page has no such block.
 */
export interface ReviewPageHead extends Omit<ReviewData, "cells"> {
  /** The first page's cells, in display order. */
  cells: ReviewCell[];
  /** Their indices in the campaign (the order of `ReviewData.cells`). */
  firstPage: number[];
  /** How many cells the campaign has. */
  cellCount: number;
  severalVideos: boolean;
  anyMatrix: boolean;
}
