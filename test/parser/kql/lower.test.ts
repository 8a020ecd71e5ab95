/**
 * KQL → plan: precedence, value lists, escapes, per-field-type leaves (docs/kql.md), and the errors for
 * what does not parse or has no sound offline meaning — each with its caret and hint.
 */
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { kqlToPlan } from "../../../src/parser/kql/index.js";
import { explainPlan } from "../../../src/plan/explain.js";
import { detectLanguage } from "../../../src/rule.js";

/** The Filter line of the plan (the Scan below it is always `Scan events (ecs) category=any`). */
function predicate(q: string): string {
  const r = kqlToPlan(q);
  if (!r.plan) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { name: "<q>", text: q })).join("\n"));
  const [filter, scan] = explainPlan(r.plan).split("\n");
  expect(scan).toBe("  Scan events (ecs) category=any");
  return filter!.replace(/^Filter /, "");
}

function errors(q: string): string {
  const r = kqlToPlan(q);
  expect(r.plan).toBeUndefined();
  return r.diagnostics.map((d) => formatDiagnostic(d, { name: "<q>", text: q })).join("\n");
}

describe("KQL grammar", () => {
  it("or < and < not, keywords in any case, parentheses", () => {
    expect(predicate("a:1 or b:2 and not c:3")).toBe('kqlTerm(a, "1", "") OR (kqlTerm(b, "2", "") AND NOT kqlTerm(c, "3", ""))');
    expect(predicate("NOT a:x AND (b:y Or c:z)")).toBe('NOT kqlTerm(a, "x", "") AND (kqlTerm(b, "y", "") OR kqlTerm(c, "z", ""))');
  });

  it("value lists distribute over the field, with their own and/or/not", () => {
    expect(predicate('process.args:(stop and not "/F")')).toBe('kqlTerm(process.args, "stop", "") AND NOT kqlTerm(process.args, "/F", "")');
    expect(predicate("f:(a or b and c)")).toBe('kqlTerm(f, "a", "") OR (kqlTerm(f, "b", "") AND kqlTerm(f, "c", ""))');
  });

  it("an unquoted value keeps its inner spaces; `orange` and `android` are words, not keywords", () => {
    expect(predicate("process.name: Remote Support.exe or f:orange and g:android")).toBe(
      'kqlTerm(process.name, "Remote Support.exe", "") OR (kqlTerm(f, "orange", "") AND kqlTerm(g, "android", ""))',
    );
  });

  it("escapes: `\\:` `\\\\` `\\(` `\\*` and escaped keywords in unquoted values; `\\\"` and `\\\\` in quoted ones", () => {
    expect(predicate("file.path:C\\:\\\\Windows\\\\*.exe")).toBe('kqlWildcard(file.path, "", "C:\\\\Windows\\\\", ".exe")');
    expect(predicate("f:\\(x86\\)\\*")).toBe('kqlTerm(f, "(x86)*", "")');
    expect(predicate("f:\\or")).toBe('kqlTerm(f, "or", "")');
    // inside quotes a backslash before anything but `"` or `\` is itself: "C:\dir"
    expect(predicate('f:"say \\"hi\\" C:\\dir \\\\"')).toBe('kqlTerm(f, "say \\"hi\\" C:\\\\dir \\\\", "")');
  });

  it("`?` is no wildcard in KQL, and a quoted `*` is literal", () => {
    expect(predicate('f:a?c or f:"a*c"')).toBe('kqlTerm(f, "a?c", "") OR kqlTerm(f, "a*c", "")');
  });

  it("`field:*` is exists; ranges", () => {
    expect(predicate("process.name:* and process.pid > 4 and f <= abc")).toBe(
      'kqlExists(process.name) AND kqlRange(process.pid, ">", "4", "number") AND kqlRange(f, "<=", "abc", "keyword")',
    );
    expect(predicate('event.created >= "2020-01-01T00:00:00Z"')).toBe('kqlRange(event.created, ">=", "1577836800000", "date")');
  });

  it("nested `field:{…}` reads the fields under the prefix, with a warning", () => {
    const r = kqlToPlan("x:{ a:1 and b:2 }");
    expect(explainPlan(r.plan!).split("\n")[0]).toBe('Filter kqlTerm(x.a, "1", "") AND kqlTerm(x.b, "2", "")');
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning kql-nested-approximate"]);
  });

  it("the empty query matches everything", () => {
    expect(explainPlan(kqlToPlan("  ").plan!)).toBe("Filter true\n  Scan events (ecs) category=any");
  });
});

describe("field types", () => {
  it("text fields: quoted = phrase of analysed tokens, unquoted = any token, wildcard = one token", () => {
    expect(predicate('powershell.file.script_block_text:("sekurlsa::logonpasswords" or DumpCreds)')).toBe(
      'kqlPhrase(powershell.file.script_block_text, "sekurlsa", "logonpasswords") OR kqlAnyToken(powershell.file.script_block_text, "dumpcreds")',
    );
    // unquoted with a hyphen is a match query: either token matches (Elasticsearch's own footgun)
    expect(predicate("message:Invoke-Mimikatz")).toBe('kqlAnyToken(message, "invoke", "mimikatz")');
    expect(predicate("message:*Mimi*")).toBe('kqlTokenWildcard(message, "", "mimi", "")');
    expect(predicate('message:"[Windows.Forms.Clipboard]::GetText"')).toBe('kqlPhrase(message, "windows.forms.clipboard", "gettext")');
  });

  it("multi-fields: `.text` analyses the parent; `.caseless` is Defend's lower-cased parent", () => {
    expect(predicate('process.command_line.text:"-enc"')).toBe('kqlPhrase(process.command_line.text, "enc")');
    expect(predicate("process.name.caseless:CMD.exe")).toBe('kqlTerm(agent.type, "endpoint", "") AND kqlTerm(process.name.caseless, "CMD.exe", "lowercase")');
    const plan = kqlToPlan("process.name.caseless:x").plan!;
    // the row key read is the parent's
    expect(JSON.stringify(plan)).toContain('"name":"process.name.caseless","path":"process.name"');
  });

  it("number, ip (address or CIDR) and boolean fields", () => {
    expect(predicate('destination.port:(139 or 445) and source.ip:(10.0.0.0/8 or "::1") and process.code_signature.trusted:true')).toBe(
      '(kqlNumber(destination.port, "139") OR kqlNumber(destination.port, "445")) AND (kqlIp(source.ip, "10.0.0.0/8") OR kqlIp(source.ip, "::1")) AND kqlBoolean(process.code_signature.trusted, "true")',
    );
  });
});

describe("errors", () => {
  it("syntax errors point at the fault", () => {
    expect(errors("a:(b")).toBe("error[kql-syntax]: expected `)`, found end of query\n --> <q>:1:5\n  |\n1 | a:(b\n  |     ^");
    expect(errors("a:b &&  c:d").split("\n").slice(0, 6).join("\n")).toBe(
      "error[kql-syntax]: `&&` is not a KQL operator\n --> <q>:1:5\n  |\n1 | a:b &&  c:d\n  |     ^^\nhint: write `and`",
    );
    expect(errors('a:"open').split("\n")[0]).toBe("error[kql-syntax]: unterminated string");
  });

  it("an unquoted backslash must escape a special character", () => {
    expect(errors("f:C\\Windows").split("\n").slice(0, 5).join("\n")).toBe(
      "error[kql-syntax]: `\\W` is not an escape in an unquoted value\n --> <q>:1:4\n  |\n1 | f:C\\Windows\n  |    ^^",
    );
  });

  it("a value without a field, field patterns and typed values that Elasticsearch rejects", () => {
    expect(errors("mimikatz")).toBe(
      "error[kql-unsupported]: a value without a field (`mimikatz`) searches the index's default fields, which depend on its template\n --> <q>:1:1\n  |\n1 | mimikatz\n  | ^^^^^^^^\nhint: name the field: `message:mimikatz` or `process.command_line:*mimikatz*`",
    );
    expect(errors("process.*:x").split("\n")[0]).toBe("error[kql-unsupported]: field pattern `process.*` expands over the index mapping, which is not known offline");
    expect(errors("process.pid:abc").split("\n")[0]).toBe("error[kql-type-mismatch]: `process.pid` is a number field; `abc` is not a number");
    expect(errors("source.ip:10.0.0.*").split("\n")[0]).toBe("error[kql-type-mismatch]: `source.ip` is an ip field: a wildcard value matches nothing there");
    expect(errors("message:*invoke-mim*").split("\n")[0]).toBe("error[kql-unsupported]: wildcard `*invoke-mim*` on text field `message` spans several tokens");
  });
});

describe("language detection", () => {
  it("`field:` (after `not` / `(`) is KQL; EQL and SPL shapes keep their language", () => {
    expect(detectLanguage("event.code:4104 and x:y")).toBe("kql");
    expect(detectLanguage('not (process.name : "a")')).toBe("kql");
    expect(detectLanguage('"field name": x')).toBe("kql");
    expect(detectLanguage('process where process.name : "a"')).toBe("eql");
    expect(detectLanguage("index=main sourcetype=x")).toBe("spl");
    expect(detectLanguage("host::web01 error")).toBe("spl");
    expect(detectLanguage("x", "rule.kql")).toBe("kql");
  });
});
