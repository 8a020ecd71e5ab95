/**
 * Elastic detection-rules TOML (`elastic/detection-rules` `rules/**.toml`): the `[rule]` table holds
 * `query`, `language`, `index`, `type`, `risk_score`, `severity`, `from`, `interval`, `max_signals`,
 * `timestamp_override`, `event_category_override`, `tiebreaker_field` and `[[rule.threat]]`.
 * `language = "eql"` and `"kuery"` queries run (kuery: rule types query, threshold, new_terms); the others
 * load (for reports) and fail at preparation.
 */
import { parse as parseToml } from "smol-toml";
import { diag, type Diagnostic } from "../diagnostics.js";
import { opt } from "./escu.js";
import { BAD_RULE_FILE, type ElasticMeta, type ElasticNewTerms, type ElasticThreat, type ElasticThreshold } from "./types.js";

/** Kibana's default `max_signals` (alerts per rule execution). */
export const DEFAULT_MAX_SIGNALS = 100;

export interface ParsedElastic {
  readonly meta?: ElasticMeta;
  readonly query?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseElasticRule(text: string, file: string): ParsedElastic {
  const bad = (message: string): ParsedElastic => ({
    diagnostics: [diag(BAD_RULE_FILE, `\`${file}\`: ${message}`, undefined, "a detection-rules file has a `[rule]` table with `query` and `language`")],
  });
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    return bad(`invalid TOML: ${String((e as Error).message).split("\n")[0]}`);
  }
  const rule = data["rule"];
  if (!isRecord(rule)) return bad("no `[rule]` table");
  if (typeof rule["query"] !== "string") return bad("`rule.query` must be text");
  const meta: ElasticMeta = {
    kind: "elastic",
    name: str(rule["name"]) ?? file,
    ...opt("ruleId", str(rule["rule_id"])),
    type: str(rule["type"]) ?? "query",
    language: str(rule["language"]) ?? "kuery",
    index: Array.isArray(rule["index"]) ? rule["index"].filter((x): x is string => typeof x === "string") : [],
    ...opt("riskScore", typeof rule["risk_score"] === "number" ? rule["risk_score"] : undefined),
    ...opt("severity", str(rule["severity"])),
    ...opt("from", str(rule["from"])),
    ...opt("interval", str(rule["interval"])),
    maxSignals: typeof rule["max_signals"] === "number" && rule["max_signals"] > 0 ? rule["max_signals"] : DEFAULT_MAX_SIGNALS,
    ...opt("timestampOverride", str(rule["timestamp_override"])),
    ...opt("eventCategoryOverride", str(rule["event_category_override"])),
    ...opt("tiebreakerField", str(rule["tiebreaker_field"])),
    threat: threats(rule["threat"]),
    ...opt("threshold", threshold(rule["threshold"])),
    ...opt("newTerms", newTerms(rule["new_terms"])),
  };
  return { meta, query: rule["query"], diagnostics: [] };
}

function threats(v: unknown): ElasticThreat[] {
  const named = (x: unknown) => (isRecord(x) && typeof x["id"] === "string" ? { id: x["id"], name: str(x["name"]) ?? "" } : undefined);
  const list = (x: unknown) => (Array.isArray(x) ? x : x === undefined ? [] : [x]);
  return list(v).filter(isRecord).map((t) => ({
    framework: str(t["framework"]) ?? "MITRE ATT&CK",
    ...opt("tactic", named(t["tactic"])),
    techniques: list(t["technique"]).flatMap((tech) => {
      const n = named(tech);
      if (!n || !isRecord(tech)) return [];
      const subtechniques = list(tech["subtechnique"]).flatMap((s) => (named(s) ? [named(s)!] : []));
      return [{ ...n, subtechniques }];
    }),
  }));
}

/** `[rule.threshold]`: `field` (a name or a list), `value`, `[[rule.threshold.cardinality]]` (first entry). */
function threshold(v: unknown): ElasticThreshold | undefined {
  if (!isRecord(v) || typeof v["value"] !== "number") return undefined;
  const f = v["field"];
  const fields = typeof f === "string" ? (f === "" ? [] : [f]) : Array.isArray(f) ? f.filter((x): x is string => typeof x === "string") : [];
  const card = Array.isArray(v["cardinality"]) ? v["cardinality"].find(isRecord) : undefined;
  const cardinality = card && typeof card["field"] === "string" && typeof card["value"] === "number" ? { field: card["field"], value: card["value"] } : undefined;
  return { fields, value: v["value"], ...opt("cardinality", cardinality) };
}

/** `[rule.new_terms]`: `field = "new_terms_fields"`, `value` = the fields, `[[rule.new_terms.history_window_start]]`. */
function newTerms(v: unknown): ElasticNewTerms | undefined {
  if (!isRecord(v) || !Array.isArray(v["value"])) return undefined;
  const fields = v["value"].filter((x): x is string => typeof x === "string");
  const hist = Array.isArray(v["history_window_start"]) ? v["history_window_start"].find(isRecord) : isRecord(v["history_window_start"]) ? v["history_window_start"] : undefined;
  const start = hist && typeof hist["value"] === "string" ? hist["value"] : undefined;
  return start === undefined ? undefined : { fields, historyWindowStart: start };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
