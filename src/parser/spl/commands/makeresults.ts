/**
 * `| makeresults [count=<int>] [annotate=<bool>] [splunk_server=…] [splunk_server_group=…] [format=csv|json data="…"]`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/makeresults): results
 * made of nothing, to try eval and friends on. Each has only `_time`, the time the search runs in whole
 * seconds (the same for every row); `annotate=true` adds `_raw`, `host`, `source`, `sourcetype`,
 * `splunk_server_group` (empty, so null) and `splunk_server` (the search head: `local` offline).
 *
 * `format=json data="[{…}, …]"`: a row per object, its top-level keys as fields (a nested object or array
 * as its JSON text), `_raw` the object as compact JSON, and `_time`. `format=csv data="…"`: the first line
 * names the fields, each further line is a row of text; an empty cell is no field; no `_time`, no `_raw`.
 * With `data`, `count` and `annotate` do not apply.
 */
import { diag, hasErrors, type Diagnostic, type Span } from "../../../diagnostics.js";
import type { PlanNode } from "../../../plan/plan.js";
import { parseCsv } from "../../../lookups/csv.js";
import { boolOption, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

const USAGE = "| makeresults [count=N] [annotate=true] [format=csv|json data=\"…\"]";
/** Splunk's cap on the text of `data`. */
const MAX_DATA_CHARS = 29_999;

export const makeresults = defineCommand({
  name: "makeresults",
  shape: "args",
  generating: true,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/makeresults",
  lower(body, _input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("makeresults", body, ["option"], USAGE, diagnostics);
    const opts = readOptions("makeresults", body, ["count", "annotate", "splunk_server", "splunk_server_group", "format", "data"], [], diagnostics);
    const countWord = opts.get("count");
    let count = 1;
    if (countWord) {
      if (/^\+?\d+$/.test(countWord.text)) count = Number(countWord.text);
      else diagnostics.push(diag("invalid-option-value", `expected a non-negative whole number, found \`${countWord.raw}\``, countWord.span));
    }
    const annotate = boolOption(opts.get("annotate"), false, diagnostics);
    const format = opts.get("format");
    const data = opts.get("data");
    if (format && !["csv", "json"].includes(format.text.toLowerCase())) {
      diagnostics.push(diag("invalid-option-value", `\`format\` is \`csv\` or \`json\`, found \`${format.raw}\``, format.span));
    }
    if (Boolean(format) !== Boolean(data)) {
      diagnostics.push(diag("missing-argument", format ? "`format=` needs `data=\"…\"`" : "`data=` needs `format=csv` or `format=json`", (format ?? data)!.span, `write \`${USAGE}\``));
    }
    if (data && data.text.length > MAX_DATA_CHARS) {
      diagnostics.push(diag("invalid-option-value", `\`data\` holds ${data.text.length} characters; Splunk takes at most ${MAX_DATA_CHARS}`, data.span, "put the rows in a lookup and read it with `| inputlookup`"));
    }
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;

    const now: PlanNode = { kind: "Rows", name: "makeresults", columns: [], rows: [], span: node.span };
    const withTime = (input: PlanNode): PlanNode => ({ kind: "Eval", input, assignments: [{ name: "_time", value: { kind: "Call", fn: "now", args: [] } }], span: node.span });
    if (format && data) {
      const parsed = format.text.toLowerCase() === "json" ? jsonRows(data.text, data.span) : csvRows(data.text, data.span);
      if ("error" in parsed) {
        ctx.diagnostics.push(parsed.error);
        return undefined;
      }
      const rows: PlanNode = { ...now, columns: parsed.columns, rows: parsed.rows };
      return format.text.toLowerCase() === "json" ? withTime(rows) : rows;
    }
    const server = opts.get("splunk_server")?.text ?? "local";
    const row: Record<string, string> = annotate ? { splunk_server: server } : {};
    const columns = annotate ? ["_raw", "host", "source", "sourcetype", "splunk_server", "splunk_server_group"] : [];
    return withTime({ ...now, columns, rows: Array.from({ length: count }, () => ({ ...row })) });
  },
});

type Parsed = { columns: string[]; rows: Record<string, string>[] } | { error: Diagnostic };

function jsonRows(text: string, span: Span): Parsed {
  const bad = (why: string): Parsed => ({ error: diag("invalid-option-value", `\`data\` is not a JSON array of objects: ${why}`, span, 'write `data="[{\\"a\\": 1}, {\\"a\\": 2}]"`') });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return bad((e as Error).message);
  }
  if (!Array.isArray(value)) return bad("it is not an array");
  const columns = new Set<string>(["_raw"]);
  const rows: Record<string, string>[] = [];
  for (const item of value) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return bad(`an element is ${JSON.stringify(item)}`);
    const row: Record<string, string> = { _raw: JSON.stringify(item) };
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      columns.add(k);
      if (v === null) continue;
      row[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
    }
    rows.push(row);
  }
  return { columns: [...columns], rows };
}

/** CSV with a header line (the lookups' reader): an empty cell is no field. */
function csvRows(text: string, span: Span): Parsed {
  const csv = parseCsv(text);
  if (csv.unterminatedAt !== undefined) {
    return { error: diag("invalid-option-value", `\`data\` has a quoted cell that never closes (line ${csv.unterminatedAt})`, span, 'close it with `"` (write `\\"` in the search)') };
  }
  const records = csv.records.filter((r) => r.some((c) => c.trim() !== ""));
  const header = (records[0] ?? []).map((c) => c.trim());
  const rows = records.slice(1).map((cells) => {
    const row: Record<string, string> = {};
    cells.forEach((cell, i) => {
      const name = header[i];
      if (name !== undefined && name !== "" && cell !== "") row[name] = cell;
    });
    return row;
  });
  return { columns: header.filter((c) => c !== ""), rows };
}
