/**
 * A detection rule as read from a file: the query text plus the vendor metadata that alerts and
 * `splice test` need. One shape for every format so the CLI never branches on the file type twice.
 */
import type { Diagnostic, SourceText } from "../diagnostics.js";
import type { Lang } from "../rule.js";

export type RuleFormat = "escu-yaml" | "elastic-toml" | "spl" | "eql" | "kql" | "esql" | "sigma-yaml";

/** A field of the result row that names a risk object (ESCU `observable` with a Victim role, `rba.risk_objects`). */
export interface RiskObject {
  readonly field: string;
  /** ESCU type: `system`, `user`, `other` (rba) or the older `Endpoint`, `User`, … (observable). */
  readonly type: string;
  /** Per-object score (rba); absent in the older format, where `tags.risk_score` applies. */
  readonly score?: number;
}

/** A field of the result row that names a threat object (ESCU `observable` with an Attacker role, `rba.threat_objects`). */
export interface ThreatObject {
  readonly field: string;
  readonly type: string;
}

/** One `tests[].attack_data[]` entry: a log file URL and how contentctl replays it. */
export interface AttackData {
  readonly data: string;
  readonly source?: string;
  readonly sourcetype?: string;
}

export interface EscuTest {
  readonly name: string;
  /** `unit` / `integration` / `manual`; contentctl's default is unit. */
  readonly type?: string;
  readonly attackData: readonly AttackData[];
}

export interface EscuMeta {
  readonly kind: "escu";
  readonly name: string;
  readonly id?: string;
  /** TTP, Anomaly, Hunting, Correlation, Baseline. */
  readonly type?: string;
  readonly description?: string;
  readonly impact?: number;
  readonly confidence?: number;
  /** `tags.risk_score`, or in `rba:` content the highest risk-object score. */
  readonly riskScore?: number;
  /** The risk message with `$field$` tokens (`tags.message` or `rba.message`). */
  readonly message?: string;
  readonly riskObjects: readonly RiskObject[];
  readonly threatObjects: readonly ThreatObject[];
  readonly mitreAttackIds: readonly string[];
  readonly analyticStories: readonly string[];
  readonly tests: readonly EscuTest[];
  /** The detection's own `deployment.scheduling` (or `scheduling`), when it has one; ESCU's ship none. */
  readonly scheduling?: EscuScheduling;
  /** `tags.throttling` (contentctl `Throttling`): Splunk `alert.suppress.fields` / `alert.suppress.period`. */
  readonly throttling?: EscuThrottling;
}

/** Savedsearch schedule: `cron_schedule`, `dispatch.earliest_time`, `dispatch.latest_time`; absent keys take the type's default. */
export interface EscuScheduling {
  readonly cronSchedule?: string;
  readonly earliestTime?: string;
  readonly latestTime?: string;
}

export interface EscuThrottling {
  readonly fields: readonly string[];
  /** `<n>s`, `<n>m` or `<n>h` as contentctl validates it. */
  readonly period: string;
}

/** One `[[rule.threat]]` entry, flattened to ids and names. */
export interface ElasticThreat {
  readonly framework: string;
  readonly tactic?: { readonly id: string; readonly name: string };
  readonly techniques: readonly { readonly id: string; readonly name: string; readonly subtechniques: readonly { readonly id: string; readonly name: string }[] }[];
}

export interface ElasticMeta {
  readonly kind: "elastic";
  readonly name: string;
  readonly ruleId?: string;
  readonly type: string;
  readonly language: string;
  readonly index: readonly string[];
  readonly riskScore?: number;
  readonly severity?: string;
  /** Look-back (`now-9m`) and schedule (`5m`); ignored offline, kept for alerts and reports. */
  readonly from?: string;
  readonly interval?: string;
  /** Alerts per run (Kibana default 100); splice uses it as the EQL size. */
  readonly maxSignals: number;
  readonly timestampOverride?: string;
  readonly eventCategoryOverride?: string;
  readonly tiebreakerField?: string;
  readonly threat: readonly ElasticThreat[];
  /** `type = "threshold"`: `[rule.threshold]`. */
  readonly threshold?: ElasticThreshold;
  /** `type = "new_terms"`: `[rule.new_terms]`. */
  readonly newTerms?: ElasticNewTerms;
}

/** Group-by fields (none: all events one group), minimum count, optional distinct-count condition. */
export interface ElasticThreshold {
  readonly fields: readonly string[];
  readonly value: number;
  readonly cardinality?: { readonly field: string; readonly value: number };
}

/** The term fields and how far back the history reaches (`now-7d`). */
export interface ElasticNewTerms {
  readonly fields: readonly string[];
  readonly historyWindowStart: string;
}

/** A Sigma rule's metadata (https://github.com/SigmaHQ/sigma-specification). */
export interface SigmaMeta {
  readonly kind: "sigma";
  /** `title`. */
  readonly name: string;
  readonly id?: string;
  readonly status?: string;
  readonly description?: string;
  /** `level`: informational, low, medium, high, critical. */
  readonly level?: string;
  readonly tags: readonly string[];
  /** `attack.t1105`, `attack.t1036.003` → T1105, T1036.003. */
  readonly mitreAttackIds: readonly string[];
}

export type RuleMeta = EscuMeta | ElasticMeta | SigmaMeta;

export interface RuleFile {
  readonly path: string;
  readonly format: RuleFormat;
  readonly lang: Lang;
  /** The query text, named after the file (`x.yml (search)`), so carets point into what the user can find. */
  readonly source: SourceText;
  /** Absent for plain .spl/.eql files. */
  readonly meta?: RuleMeta;
  /** Problems reading the file (code `bad-rule-file`); when one is an error, `source.text` may be empty. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Code for every problem in the rule file's structure (not in its query). */
export const BAD_RULE_FILE = "bad-rule-file";
