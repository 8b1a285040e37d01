/** A problem with a rendered request body, before it is given a file position. */
export interface Finding {
  severity: "error" | "warning";
  /** Body path of the offending value ("output_config.duration"); "" for the whole body. */
  path: string;
  message: string;
  suggestion?: string;
  /** The model rule that found it ("duration", "last_frame", …), when it came from the model table. */
  rule?: string;
  /** The sources that forbid the value (for model rules): "tencent", "seed". */
  forbiddenBy?: string[];
}
