/**
 * Field types as the Elastic index templates map them (ECS, the Windows/System integrations, winlogbeat,
 * Elastic Defend). Offline there is no mapping, so this table stands in for it; a field it does not name is
 * a `keyword` (what ECS and the integrations' dynamic templates make of strings: `winlog.event_data.*`).
 * See docs/kql.md for how each type matches.
 *
 * Multi-fields are read from their parent: `x.text` (ECS `match_only_text` beside a keyword) is the parent
 * analysed by the standard analyzer; `x.caseless` (Elastic Defend's lowercase-normalised keyword) exists
 * only in Defend's `logs-endpoint.*` mapping, so it is the parent, lower-cased, on Defend events only.
 */
import { ECS_DATE_FIELDS } from "../eql/date-fields.js";

export type KqlFieldType = "keyword" | "text" | "number" | "ip" | "date" | "boolean";

export interface KqlFieldInfo {
  /** The key read from the ECS row (the parent of a multi-field). */
  readonly path: string;
  readonly type: KqlFieldType;
  /** `.caseless`: the lowercase normalizer applies, and only Defend documents have the field. */
  readonly caseless?: boolean;
}

/** Analysed text fields (`text` / `match_only_text`). */
const TEXT_FIELDS: ReadonlySet<string> = new Set([
  "message",
  "error.message",
  "powershell.file.script_block_text",
  "winlog.message",
]);

/** ECS fields that have a `.text` multi-field. */
const TEXT_MULTI_FIELDS: ReadonlySet<string> = new Set([
  "process.command_line",
  "process.executable",
  "process.name",
  "process.title",
  "process.working_directory",
  "process.parent.command_line",
  "process.parent.executable",
  "process.parent.name",
  "process.parent.title",
  "process.parent.working_directory",
  "file.path",
  "file.target_path",
  "dll.path",
  "user.name",
  "user.full_name",
  "host.os.name",
  "host.os.full",
  "url.original",
  "url.full",
  "registry.data.strings",
]);

/** Fields whose Defend mapping has a `.caseless` multi-field. */
const CASELESS_FIELDS: ReadonlySet<string> = new Set([
  "process.name",
  "process.executable",
  "process.command_line",
  "process.working_directory",
  "process.parent.name",
  "process.parent.executable",
  "process.parent.command_line",
  "file.name",
  "file.path",
  "dll.name",
  "dll.path",
  "registry.path",
  "registry.key",
  "registry.value",
  "user.name",
]);

const NUMBER_FIELDS: ReadonlySet<string> = new Set([
  "process.args_count",
  "process.exit_code",
  "process.thread.id",
  "process.parent.args_count",
  "file.size",
  "event.sequence",
  "event.severity",
  "event.risk_score",
  "network.bytes",
  "network.packets",
  "source.bytes",
  "destination.bytes",
  "powershell.file.script_block_length",
  "powershell.file.script_block_entropy_bits",
  "powershell.file.script_block_surprisal_stdev",
  "powershell.file.script_block_unique_symbols",
  "powershell.sequence",
  "powershell.total",
  "winlog.process.pid",
  "winlog.process.thread.id",
  "dns.question.subdomain_count",
]);

const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(["process.interactive", "registry.data.strings_exists"]);

const IP_FIELDS: ReadonlySet<string> = new Set(["source.ip", "destination.ip", "client.ip", "server.ip", "host.ip", "related.ip", "source.nat.ip", "destination.nat.ip", "dns.resolved_ip", "observer.ip"]);

function baseType(name: string): KqlFieldType {
  if (TEXT_FIELDS.has(name)) return "text";
  if (ECS_DATE_FIELDS.has(name)) return "date";
  if (IP_FIELDS.has(name)) return "ip";
  if (NUMBER_FIELDS.has(name) || /(^|\.)(pid|ppid|port)$/.test(name)) return "number";
  if (BOOLEAN_FIELDS.has(name) || /\.code_signature\.(trusted|exists)$/.test(name)) return "boolean";
  return "keyword";
}

/** How `name` is mapped: its own type, or the multi-field of its parent. */
export function kqlFieldInfo(name: string): KqlFieldInfo {
  const dot = name.lastIndexOf(".");
  const parent = dot > 0 ? name.slice(0, dot) : "";
  const leaf = name.slice(dot + 1);
  if (leaf === "text" && TEXT_MULTI_FIELDS.has(parent)) return { path: parent, type: "text" };
  if (leaf === "caseless" && CASELESS_FIELDS.has(parent)) return { path: parent, type: "keyword", caseless: true };
  return { path: name, type: baseType(name) };
}

/** The ECS values that mark an Elastic Defend document (the only source of `.caseless` fields). */
export const DEFEND_AGENT_TYPE = "endpoint";
