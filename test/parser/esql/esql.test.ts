/**
 * ES|QL: the grammar, the errors for what splice does not run (each with its caret), and the semantics
 * the lowering keeps (docs/esql.md): multivalues are null to single-value operators, `/` of integers
 * truncates, a null STATS key is a group, LIKE's escapes, possessive quantifiers in REPLACE.
 */
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { compilePlan } from "../../../src/engine/index.js";
import type { SpliceEvent } from "../../../src/model/event.js";
import { esqlToPlan } from "../../../src/parser/esql/index.js";
import { createEsqlParser } from "../../../src/parser/esql/parse.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { detectLanguage } from "../../../src/rule.js";
import type { Row } from "../../../src/values.js";
import { ev } from "../../engine/helpers.js";

function errors(q: string): string {
  const r = esqlToPlan(q);
  expect(r.plan).toBeUndefined();
  return r.diagnostics.map((d) => formatDiagnostic(d, { name: "<q>", text: q })).join("\n");
}

function rows(q: string, events: readonly SpliceEvent[], now = Date.UTC(2024, 0, 1)): Row[] {
  const r = esqlToPlan(q);
  if (!r.plan) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { name: "<q>", text: q })).join("\n"));
  const result = compilePlan(r.plan, { now }).run(events);
  if (result.kind !== "rows") throw new Error(`expected rows, got ${result.kind}`);
  // A row holds no key for a null column.
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c) => [c, row[c] ?? null])));
}

const docs = (...ecs: Row[]): SpliceEvent[] => ecs.map((e, i) => ev(`e${i}`, { ecs: e }));

describe("ES|QL grammar", () => {
  it("passes Chevrotain's definition checks", () => {
    expect(createEsqlParser(true).lexer.lexerDefinitionErrors).toEqual([]);
  });

  it("lowers each command, in any case, with comments; FROM's index patterns are one token each", () => {
    const q = `FROM logs-windows.powershell_operational*, .alerts-security.* METADATA _id, _index
      // a comment
      | where event.code == "4104" /* inline */ and x LIKE "*a*"
      | EVAL n = LENGTH(x) | stats c = count(*) BY host.name | keep c, host.name | sort c DESC | limit 5`;
    expect(explainPlan(esqlToPlan(q).plan!)).toContain("Scan logs-windows.powershell_operational*, .alerts-security.* (ecs)");
  });

  it("a query without LIMIT ends in ES|QL's default LIMIT 1000", () => {
    expect(explainPlan(esqlToPlan('from logs-* | where a == "b"').plan!).split("\n")[0]).toBe("Head 1000");
    expect(explainPlan(esqlToPlan('from logs-* | limit 7').plan!).split("\n")[0]).toBe("Head 7");
  });

  it("names a command splice does not run, where it is", () => {
    expect(errors("from logs-* | dissect message \"%{a}\"")).toMatch(/`DISSECT` is not supported[\s\S]*\^{7}/);
    expect(errors("from logs-* | wher a == 1")).toContain("did you mean `WHERE`?");
    expect(errors("row a = 1")).toContain("must start with `FROM`");
  });

  it("names unsupported functions, options maps, casts and grok patterns", () => {
    expect(errors('from l | where match(process.name, "x", { "operator": "AND" })')).toContain('the MATCH option `"operator": …` is not supported here');
    expect(errors('from l | where match(message, "x", { "fuzziness": 1 })')).toContain("a fuzzy MATCH on `message` (a text field) is not supported");
    expect(errors('from l | eval x = { "a": 1 }')).toContain("an options map `{…}` is only valid as MATCH's last argument");
    expect(errors("from l | eval x = to_version(a)")).toContain("the ES|QL function `TO_VERSION` is not supported");
    expect(errors("from l | eval x = a::version")).toContain("the cast `::version` is not supported");
    expect(errors('from l | grok m "%{IP:ip}"')).toContain("the grok pattern `%{IP:ip}` is not supported");
    expect(errors("from l | eval x = date_trunc(2 months, @timestamp)")).toContain("DATE_TRUNC over 2 months is not supported");
  });

  it("reports bad string escapes, unknown columns after STATS and keyword-vs-number comparisons", () => {
    expect(errors('from l | where a == "C:\\Windows"')).toContain("`\\W` is not an escape in an ES|QL string");
    expect(errors("from l | stats c = count(*) by h | where host.name == \"x\"")).toContain("unknown column `host.name`");
    expect(errors('from l | eval n = length(a) | where n == "3"')).toContain("compares a integer with a keyword");
  });

  it("reads `.esql` files as ES|QL", () => {
    expect(detectLanguage("from logs-* | limit 1", "rule.esql")).toBe("esql");
    expect(detectLanguage("FROM logs-endpoint.events.process-*, winlogbeat-* METADATA _id, _index\n| where x == 1")).toBe("esql");
    expect(detectLanguage("from logs-*")).toBe("esql");
    expect(detectLanguage("from here to there")).toBe("spl");
  });
});

describe("ES|QL semantics", () => {
  it("a multivalue is null to ==, LIKE and scalar functions; a one-element array is its value", () => {
    const events = docs({ "event.category": ["process"], "process.args": ["a", "b"] }, { "event.category": ["process", "network"] });
    expect(rows('from l | where event.category == "process" | keep event.category', events)).toHaveLength(1);
    expect(rows('from l | where process.args like "a" or process.args == "a" | keep process.args', events)).toHaveLength(0);
    expect(rows("from l | eval n = length(process.args), m = mv_count(process.args) | keep n, m", events)[0]).toEqual({ n: null, m: 2 });
    expect(rows("from l | where process.args is not null | keep process.args", events)).toHaveLength(1);
  });

  it("a comparison with null is null, and IN with a null in its list is null unless it holds the value", () => {
    const events = docs({ s: "x" }, {});
    expect(rows("from l | where s != null or not (s == null) | keep s", events)).toEqual([]);
    expect(rows('from l | where not (s in ("a", null)) | keep s', events)).toEqual([]);
    expect(rows('from l | where s in ("x", null) | keep s', events)).toEqual([{ s: "x" }]);
    expect(rows('from l | where s not in ("a") | keep s', events)).toEqual([{ s: "x" }]);
  });

  it("`/` of two integers truncates, casts make it a double; division by zero is null", () => {
    const r = rows('from l | eval a = length(x) / 2, b = length(x)::double / 2, c = length(x) / 0 | keep a, b, c', docs({ x: "abcde" }));
    expect(r).toEqual([{ a: 2, b: 2.5, c: null }]);
  });

  it("LENGTH counts code points; REPLACE is Java's replaceAll, possessive quantifiers included", () => {
    const q = 'from l | eval t = replace(s, """\\$\\{(\\w++`){2,}\\w++\\}""", "🔥") | eval n = length(t) - length(replace(t, "🔥", "")) | keep t, n';
    expect(rows(q, docs({ s: "${a`b`c} ${ab}" }))).toEqual([{ t: "🔥 ${ab}", n: 1 }]);
    expect(rows('from l | eval t = replace(s, "(a)(b)", "$2$1") | keep t', docs({ s: "xaby" }))).toEqual([{ t: "xbay" }]);
  });

  it("LIKE: `*` and `?` over the whole value, case-sensitive, a backslash escapes; the list form is any", () => {
    const events = docs({ p: "C:\\Program Files\\x.ps1" }, { p: "c:\\program files\\x.ps1" }, { p: "a*b" });
    expect(rows('from l | where p like "C:\\\\\\\\Program*" | keep p', events)).toEqual([{ p: "C:\\Program Files\\x.ps1" }]);
    expect(rows('from l | where p like "a\\\\*b" | keep p', events)).toEqual([{ p: "a*b" }]);
    expect(rows('from l | where p not like ("C:*", "a?b") | keep p', events)).toEqual([{ p: "c:\\program files\\x.ps1" }]);
  });

  it("STATS: aggregates then groups; a null key is a group; COUNT(field) counts values", () => {
    const events = docs({ h: "a", u: ["x", "y"] }, { h: "a", u: "x" }, { u: "z" });
    const r = rows("from l | stats n = count(*), c = count(u), d = count_distinct(u), v = values(u), m = count() by h | sort h", events);
    expect(r).toEqual([
      { n: 2, c: 3, d: 2, v: ["x", "y"], m: 2, h: "a" },
      { n: 1, c: 1, d: 1, v: ["z"], m: 1, h: null },
    ]);
    expect(Object.keys(r[0]!)).toEqual(["n", "c", "d", "v", "m", "h"]);
  });

  it("INLINE STATS keeps every row and adds its group's aggregates; a date minus a time span compares as an instant", () => {
    const events = docs(
      { h: "a", d: "Success removed", "@timestamp": "2023-12-31T23:50:00Z" },
      { h: "a", d: "Success Added", "@timestamp": "2023-12-31T23:51:00.000Z" },
      { h: "b", d: "Success removed", "@timestamp": "2023-12-31T23:58:00.000Z" },
    );
    const q = 'from l | inline stats v = values(d) by h | where d == "Success removed" and not mv_contains(v, "Success Added") | where @timestamp < now() - 5m | keep h';
    expect(rows(q, events)).toEqual([]);
    expect(rows(q, events, Date.UTC(2024, 0, 1, 0, 4))).toEqual([{ h: "b" }]);
    expect(rows("from l | inline stats n = count(*) by h | keep h, n", events)).toEqual([{ h: "a", n: 2 }, { h: "a", n: 2 }, { h: "b", n: 1 }]);
  });

  it("SORT puts nulls last ascending and first descending, unless told", () => {
    const events = docs({ n: 2 }, {}, { n: 1 });
    expect(rows("from l | sort n | keep n", events).map((r) => r["n"])).toEqual([1, 2, null]);
    expect(rows("from l | sort n desc | keep n", events).map((r) => r["n"])).toEqual([null, 2, 1]);
    expect(rows("from l | sort n desc nulls last | keep n", events).map((r) => r["n"])).toEqual([2, 1, null]);
  });

  it("GROK searches anywhere; its columns are null where it does not match; %{…} patterns expand", () => {
    const events = docs({ m: "x\ncdc: host1\nrest" }, { m: "nothing" }, { d: "12-abc.evil.com" });
    expect(rows('from l | grok m """(?im)^[ \\t]*cdc[ \\t]*:[ \\t]*(?<Esql.cdc>[^\\r\\n]+)$""" | keep Esql.cdc', events)).toEqual([{ "Esql.cdc": "host1" }, { "Esql.cdc": null }, { "Esql.cdc": null }]);
    expect(rows('from l | grok d "%{INT:i}-%{DATA:p}\\\\.%{GREEDYDATA:b}" | where i is not null | keep i, p, b', events)).toEqual([{ i: "12", p: "abc", b: "evil.com" }]);
  });

  it("`:` is a match query: any analysed token of a text field, the whole value of a keyword", () => {
    const events = docs({ "powershell.file.script_block_text": "$x = [Char]65", "event.code": "4104" });
    expect(rows('from l | where powershell.file.script_block_text : "char" | keep event.code', events)).toHaveLength(1);
    expect(rows('from l | where event.code : "410" | keep event.code', events)).toHaveLength(0);
  });

  it("MATCH with fuzziness: within that many edits of a keyword, a transposition counting one", () => {
    const names = ["svchost.exe", "svch0st.exe", "scvhost.exe", "svhost.exe", "svchosts.exe", "svc.exe", "SVCHOST.EXE", "svch0sts.exe"];
    const events = docs(...names.map((n) => ({ "process.name": n })));
    const q = (f: string) => rows(`from l | where match(process.name, "svchost.exe", { "fuzziness": ${f}, "max_expansions": 10 }) | keep process.name`, events).map((r) => r["process.name"]);
    expect(q("1")).toEqual(["svchost.exe", "svch0st.exe", "scvhost.exe", "svhost.exe", "svchosts.exe"]);
    expect(q('"AUTO"')).toEqual(["svchost.exe", "svch0st.exe", "scvhost.exe", "svhost.exe", "svchosts.exe", "svch0sts.exe"]);
  });

  it(".caseless is Elastic Defend's lower-cased keyword, null on other documents", () => {
    const events = docs({ "process.name": "AnyDesk.exe", "agent.type": "endpoint" }, { "process.name": "AnyDesk.exe", "agent.type": "winlogbeat" });
    expect(rows('from l | where process.name.caseless == "anydesk.exe" | keep agent.type', events)).toEqual([{ "agent.type": "endpoint" }]);
  });

  it("CASE, COALESCE, MV_FIRST over VALUES, DATE_DIFF and DATE_TRUNC", () => {
    const events = docs({ "@timestamp": "2023-12-31T23:54:30.500Z", a: null, b: "x" });
    const r = rows(
      'from l | eval c = case(a == "y", 1, b == "x", 2, 3), k = coalesce(a, b), m = date_diff("minute", @timestamp, now()), t = date_trunc(60 seconds, @timestamp), w = date_trunc(1 week, @timestamp) | keep c, k, m, t, w',
      events,
    );
    expect(r).toEqual([{ c: 2, k: "x", m: 5, t: "2023-12-31T23:54:00.000Z", w: "2023-12-25T00:00:00.000Z" }]);
  });
});
