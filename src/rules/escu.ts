/**
 * ESCU detection YAML (`splunk/security_content` `detections/**.yml`): `name`, `id`, `type`, `search`,
 * `tags` (impact, confidence, risk_score, message, observable, mitre_attack_id, analytic_story) and
 * `tests[].attack_data[]`. Newer content (contentctl v5) moves the risk part into an `rba:` block
 * (`message`, `risk_objects[{field,type,score}]`, `threat_objects[{field,type}]`); both are read.
 *
 * Observables map to risk/threat objects as contentctl v4 (the release that built this format) does in
 * `Detection.risk`: the first of these that holds — a `Victim` of a user type is a `user` risk object, a `Victim`
 * of a system type a `system` one; an `Attacker` is a threat object (`process`, `file_name`, `ip_address`,
 * `url`, else its type in lower case); anything else an `other` risk object. "User Name" is `other` there
 * (contentctl's own TODO #246 calls it a bug), and so here: the saved searches ES runs were built so.
 */
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import { diag, type Diagnostic } from "../diagnostics.js";
import { BAD_RULE_FILE, type AttackData, type EscuMeta, type EscuScheduling, type EscuTest, type EscuThrottling, type RiskObject, type ThreatObject } from "./types.js";

export interface ParsedEscu {
  readonly meta?: EscuMeta;
  readonly search?: string;
  readonly diagnostics: readonly Diagnostic[];
}

const USER_TYPES = new Set(["user", "username", "email address"]);
const SYSTEM_TYPES = new Set(["device", "endpoint", "hostname", "ip address"]);
/** Attacker observable type → threat object type; others keep their type in lower case. */
const THREAT_TYPE: Readonly<Record<string, string>> = {
  "process name": "process",
  process: "process",
  "file name": "file_name",
  file: "file_name",
  "file hash": "file_name",
  "ip address": "ip_address",
  "url string": "url",
  url: "url",
};

export function parseEscuDetection(text: string, file: string): ParsedEscu {
  const bad = (message: string): ParsedEscu => ({
    diagnostics: [diag(BAD_RULE_FILE, `\`${file}\`: ${message}`, undefined, "an ESCU detection has `name`, `search` and `tags`")],
  });
  let data: unknown;
  try {
    // js-yaml, not the `yaml` package the rest of splice uses: a hunt reads ~1,200 of these files and only their
    // values, and js-yaml builds them ~8x faster (the same values on every ESCU endpoint detection). Core
    // schema: YAML 1.2 scalars, as `yaml` reads them (no timestamps, no merge keys).
    data = load(text, { schema: CORE_SCHEMA, filename: file });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const at = e.mark ? ` at ${e.mark.line + 1}:${e.mark.column + 1}` : "";
    return bad(`invalid YAML${at}: ${e.reason}`);
  }
  if (!isRecord(data)) return bad("expected a mapping");
  if (typeof data["name"] !== "string") return bad("`name` must be text");
  if (typeof data["search"] !== "string") return bad("`search` must be text");
  const tags = isRecord(data["tags"]) ? data["tags"] : {};
  const rba = isRecord(data["rba"]) ? data["rba"] : undefined;
  const { riskObjects, threatObjects } = rba ? rbaObjects(rba) : observableObjects(tags["observable"]);
  const riskScore = num(tags["risk_score"]) ?? maxScore(riskObjects);
  const message = str(rba?.["message"]) ?? str(tags["message"]);
  const meta: EscuMeta = {
    kind: "escu",
    name: data["name"],
    ...opt("id", str(data["id"])),
    ...opt("type", str(data["type"])),
    ...opt("description", str(data["description"])?.trim()),
    ...opt("impact", num(tags["impact"])),
    ...opt("confidence", num(tags["confidence"])),
    ...opt("riskScore", riskScore),
    ...opt("message", message?.trim()),
    riskObjects,
    threatObjects,
    mitreAttackIds: strings(tags["mitre_attack_id"]),
    analyticStories: strings(tags["analytic_story"]),
    tests: tests(data["tests"]),
    ...opt("scheduling", scheduling(data)),
    ...opt("throttling", throttling(tags["throttling"])),
  };
  return { meta, search: data["search"], diagnostics: [] };
}

function rbaObjects(rba: Record<string, unknown>): { riskObjects: RiskObject[]; threatObjects: ThreatObject[] } {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isRecord) : []);
  const riskObjects = list(rba["risk_objects"]).flatMap((o): RiskObject[] => {
    const field = str(o["field"]);
    const score = num(o["score"]);
    return field ? [{ field, type: str(o["type"]) ?? "other", ...opt("score", score) }] : [];
  });
  const threatObjects = list(rba["threat_objects"]).flatMap((o): ThreatObject[] => {
    const field = str(o["field"]);
    return field ? [{ field, type: str(o["type"]) ?? "other" }] : [];
  });
  return { riskObjects, threatObjects };
}

function observableObjects(v: unknown): { riskObjects: RiskObject[]; threatObjects: ThreatObject[] } {
  const riskObjects: RiskObject[] = [];
  const threatObjects: ThreatObject[] = [];
  for (const o of Array.isArray(v) ? v.filter(isRecord) : []) {
    const field = str(o["name"]);
    if (!field) continue;
    const type = (str(o["type"]) ?? "Unknown").toLowerCase();
    const roles = strings(o["role"]);
    const victim = roles.includes("Victim");
    if (victim && USER_TYPES.has(type)) riskObjects.push({ field, type: "user" });
    else if (victim && SYSTEM_TYPES.has(type)) riskObjects.push({ field, type: "system" });
    else if (roles.includes("Attacker")) threatObjects.push({ field, type: THREAT_TYPE[type] ?? type });
    else riskObjects.push({ field, type: "other" });
  }
  return { riskObjects, threatObjects };
}

function tests(v: unknown): EscuTest[] {
  return (Array.isArray(v) ? v.filter(isRecord) : []).map((t, i) => ({
    name: str(t["name"]) ?? `test ${i + 1}`,
    ...opt("type", str(t["test_type"]) ?? str(t["type"])),
    attackData: (Array.isArray(t["attack_data"]) ? t["attack_data"].filter(isRecord) : []).flatMap((a): AttackData[] => {
      const data = str(a["data"])?.trim();
      return data ? [{ data, ...opt("source", str(a["source"])), ...opt("sourcetype", str(a["sourcetype"])) }] : [];
    }),
  }));
}

/** `deployment.scheduling` (a mapping, or a list whose first entry contentctl once used) or a top-level `scheduling`. */
function scheduling(data: Record<string, unknown>): EscuScheduling | undefined {
  const deployment = isRecord(data["deployment"]) ? data["deployment"] : {};
  let s = deployment["scheduling"] ?? data["scheduling"];
  if (Array.isArray(s)) s = s[0];
  if (!isRecord(s)) return undefined;
  const out: EscuScheduling = {
    ...opt("cronSchedule", str(s["cron_schedule"])?.trim()),
    ...opt("earliestTime", str(s["earliest_time"])?.trim()),
    ...opt("latestTime", str(s["latest_time"])?.trim()),
  };
  return Object.keys(out).length ? out : undefined;
}

function throttling(v: unknown): EscuThrottling | undefined {
  if (!isRecord(v)) return undefined;
  const fields = strings(v["fields"]);
  const period = str(v["period"])?.trim();
  return fields.length && period ? { fields, period } : undefined;
}

function maxScore(objects: readonly RiskObject[]): number | undefined {
  const scores = objects.flatMap((o) => (o.score !== undefined ? [o.score] : []));
  return scores.length ? Math.max(...scores) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === "string" ? flat(v) : typeof v === "number" ? String(v) : undefined;
}

/**
 * The text as one string: js-yaml builds multi-line scalars by appending line after line, and V8 keeps
 * such a string as a chain of its pieces until something reads its characters (reading one makes V8
 * flatten it in place). A hunt keeps ~1,200 descriptions and messages: chains cost three times the text.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}
function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.flatMap((x) => (str(x) !== undefined ? [str(x)!] : [])) : str(v) !== undefined ? [str(v)!] : [];
}
/** `{ key: value }` when value is defined, else `{}` (exactOptionalPropertyTypes-friendly spreads). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
