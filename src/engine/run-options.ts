/** How a compiled plan runs: settings of the run, not of the rule (the same plan runs under any of them). */
export interface RunOptions {
  /** IANA zone for rendering times (SPL convert ctime); default "UTC". */
  readonly tz?: string;
  /** ECS field used as the EQL tiebreaker after @timestamp (Elasticsearch `tiebreaker_field`). */
  readonly tiebreaker?: string;
  /** EQL result size (events or sequences); undefined = all. Kept: the most recent `size`, ascending. */
  readonly size?: number;
  /** EQL sample: max samples per key (Elasticsearch `max_samples_per_key`, default 1). */
  readonly maxSamplesPerKey?: number;
  /** SPL relative times (`now()`, relative_time) resolve against this epoch-ms instant. */
  readonly now?: number;
  /**
   * How the loaded Splunk view holds XML entity references (`LoadOptions.xmlEntities`, default keep):
   * Sigma's field readers decode them, unless the load already did.
   */
  readonly xmlEntities?: "keep" | "decode";
}
