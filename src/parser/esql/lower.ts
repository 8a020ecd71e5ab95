/**
 * lowerEsql: EsqlQuery → plan. `FROM` is a Scan of the ECS view (index patterns are not applied, as
 * for KQL and EQL rules: every loaded event is read); each command after it becomes a plan node:
 *
 * | ES|QL | plan |
 * |---|---|---|
 * | WHERE c | Filter (null is false) |
 * | EVAL a = e, … | Eval, left to right |
 * | STATS a = agg(e), … BY g, … | Aggregate; a null key is a group of its own (`esqlGroupKey`) |
 * | KEEP / DROP patterns | Project keep / remove |
 * | RENAME a AS b | Rename |
 * | SORT e [ASC/DESC] [NULLS FIRST/LAST] | Sort (nulls last ascending, first descending) |
 * | LIMIT n | Limit head; a query without one ends in ES|QL's default `LIMIT 1000` |
 * | GROK e "…(?<name>…)…" | Rex over e; the named columns are null where the pattern does not match |
 *
 * Expressions keep ES|QL's semantics through the `esql*` functions (src/engine/functions/esql.ts):
 * a multivalue read by a single-value operator or function is null; `/` of two integers is integer
 * division; `field : "text"` is a match query (text fields: any analysed token; others: the whole value);
 * `x.caseless` is Elastic Defend's lower-cased keyword, null on other documents.
 */
import { diag, didYouMean, type Diagnostic, type Span } from "../../diagnostics.js";
import { javaRegex } from "../../engine/functions/esql.js";
import { esqlDateUnit, esqlInterval } from "../../engine/functions/esql-time.js";
import { compileUserRegex } from "../../engine/regex/index.js";
import { standardTokens } from "../../engine/functions/standard-analyzer.js";
import { expr, type Expr } from "../../plan/expr.js";
import type { AggregateCall, PlanNode } from "../../plan/plan.js";
import { kqlFieldInfo } from "../kql/fields.js";
import type { EsqlCommand, EsqlExpr, EsqlNamed, EsqlQuery } from "./ast.js";
import { AGGREGATES, CASTS, expandGrok, FUNCTIONS, GROK_PATTERNS, type EsqlType } from "./catalog.js";

/** ES|QL's result size when a query names none. */
export const DEFAULT_LIMIT = 1000;

const UNSUPPORTED = "unsupported-function";

/** What the query's columns are, once a command has fixed them (null: the source documents' fields). */
type Scope = Map<string, EsqlType> | null;

class Lowerer {
  private scope: Scope = null;
  /** Types of columns EVAL made, while the scope is still the source's. */
  private readonly made = new Map<string, EsqlType>();
  private temp = 0;

  constructor(
    readonly text: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  private fail(code: string, message: string, span: Span, hint?: string): Expr {
    this.diagnostics.push(diag(code, message, span, hint));
    return expr.literal(null, span);
  }

  plan(commands: readonly EsqlCommand[]): PlanNode {
    const from = commands[0]!;
    let node: PlanNode = { kind: "Scan", view: "ecs", dataset: from.kind === "From" ? from.indices.join(", ") : "events", category: null, span: from.span };
    let limited = false;
    for (const c of commands.slice(1)) {
      node = this.command(c, node);
      if (c.kind === "Limit") limited = true;
    }
    return limited ? node : { kind: "Limit", input: node, count: DEFAULT_LIMIT, from: "head" };
  }

  private command(c: EsqlCommand, input: PlanNode): PlanNode {
    switch (c.kind) {
      case "From":
      case "Other":
        return input;
      case "Where":
        return { kind: "Filter", input, predicate: this.expr(c.condition), span: c.span };
      case "Eval": {
        const assignments = c.assignments.map((a) => {
          const name = this.nameOf(a);
          const value = this.expr(a.value);
          this.define(name, this.typeOf(a.value));
          return { name, value };
        });
        return { kind: "Eval", input, assignments, span: c.span };
      }
      case "Stats":
        return this.stats(c, input);
      case "Keep":
      case "Drop": {
        const fields = c.patterns.map((p) => p.text);
        if (this.scope) {
          for (const p of c.patterns) if (!p.text.includes("*") && !this.scope.has(p.text)) this.unknown(p.text, p.span);
          const keep = (name: string) => fields.some((f) => wildcardTest(f, name));
          this.scope = new Map([...this.scope].filter(([n]) => keep(n) === (c.kind === "Keep")));
        } else if (c.kind === "Keep" && fields.every((f) => !f.includes("*"))) {
          this.scope = new Map(fields.map((f) => [f, this.made.get(f) ?? "unknown"]));
        }
        return { kind: "Project", input, mode: c.kind === "Keep" ? "keep" : "remove", fields, span: c.span };
      }
      case "Rename": {
        for (const p of c.pairs) {
          if (this.scope && !this.scope.has(p.from)) this.unknown(p.from, p.span);
          const type = this.scope?.get(p.from) ?? this.made.get(p.from) ?? "unknown";
          this.scope?.delete(p.from);
          this.define(p.to, type);
        }
        return { kind: "Rename", input, renames: c.pairs.map((p) => ({ from: p.from, to: p.to })), span: c.span };
      }
      case "Sort":
        return {
          kind: "Sort",
          input,
          keys: c.keys.map((k) => ({ value: this.expr(k.value), descending: k.descending, nullsFirst: k.nullsFirst ?? k.descending })),
          span: c.span,
        };
      case "Limit":
        return { kind: "Limit", input, count: c.count, from: "head", span: c.span };
      case "Grok":
        return this.grok(c, input);
    }
  }

  private stats(c: Extract<EsqlCommand, { kind: "Stats" }>, input: PlanNode): PlanNode {
    if (c.aggregates.length === 0 && c.by.length === 0) {
      this.fail("esql-syntax", "STATS needs an aggregate or a BY", c.span);
      return input;
    }
    const aggregates: AggregateCall[] = [];
    const types = new Map<string, EsqlType>();
    for (const a of c.aggregates) {
      const name = this.nameOf(a);
      const call = a.value;
      if (call.kind !== "Call" || AGGREGATES[call.name] === undefined) {
        this.fail(
          UNSUPPORTED,
          call.kind === "Call" ? `\`${call.name.toUpperCase()}\` is not an aggregate splice runs in STATS` : "STATS takes an aggregate function here; an expression around or over aggregates is not supported",
          call.kind === "Call" ? call.nameSpan : call.span,
          `aggregates: ${Object.keys(AGGREGATES).map((n) => n.toUpperCase()).join(", ")}`,
        );
        continue;
      }
      const agg = AGGREGATES[call.name]!;
      if (call.star && call.name !== "count") this.fail("esql-syntax", `\`${call.name.toUpperCase()}(*)\` is not valid; only COUNT takes \`*\``, call.span);
      // COUNT() counts rows, as COUNT(*) does.
      const countsRows = call.name === "count" && (call.star || call.args.length === 0);
      if (!countsRows && call.args.length !== 1) this.fail("esql-syntax", `\`${call.name.toUpperCase()}\` takes one argument`, call.span);
      const arg = countsRows || call.args.length !== 1 ? undefined : this.expr(call.args[0]!, true);
      aggregates.push({ fn: agg.id, ...(arg ? { arg } : {}), name, span: call.span });
      types.set(name, agg.type === "unknown" && call.args[0] ? this.typeOf(call.args[0]) : agg.type);
    }
    const groupBy = c.by.map((g) => {
      const name = this.nameOf(g);
      types.set(name, this.typeOf(g.value));
      return { name, value: expr.call("esqlGroupKey", [this.expr(g.value, true)], g.value.span) };
    });
    if (c.inline) {
      // Every row stays, with its group's aggregates added (the plan's eventstats).
      for (const a of aggregates) this.define(a.name, types.get(a.name) ?? "unknown");
      return { kind: "Aggregate", input, groupBy, aggregates, fillNull: null, mode: "append", span: c.span };
    }
    this.scope = types;
    const grouped: PlanNode = { kind: "Aggregate", input, groupBy, aggregates, fillNull: null, mode: "group", span: c.span };
    if (groupBy.length === 0) return grouped;
    const restored: PlanNode = { kind: "Eval", input: grouped, assignments: groupBy.map((g) => ({ name: g.name, value: expr.call("esqlGroupValue", [expr.field(g.name)]) })), span: c.span };
    // ES|QL's columns: the aggregates, then the groups.
    return { kind: "Project", input: restored, mode: "keep", fields: [...aggregates.map((a) => a.name), ...groupBy.map((g) => g.name)], span: c.span };
  }

  private grok(c: Extract<EsqlCommand, { kind: "Grok" }>, input: PlanNode): PlanNode {
    const expanded = expandGrok(c.pattern.text);
    if (typeof expanded !== "string") {
      this.fail("unsupported-syntax", `the grok pattern \`${expanded.name}\` is not supported`, shift(c.pattern.span, expanded.at), `splice knows ${Object.keys(GROK_PATTERNS).join(", ")}; or write the regular expression with named groups \`(?<name>…)\``);
      return input;
    }
    const pattern = expanded;
    const names: string[] = [];
    // Column names may hold dots, which a regex group name may not: each group gets a plain name here.
    const rewritten = pattern.replace(/\(\?<([A-Za-z_@][\w@.]*)>/g, (_all, name: string) => {
      names.push(name);
      return `(?<esqlgrok${names.length - 1}>`;
    });
    if (names.length === 0) {
      this.fail("esql-syntax", "the GROK pattern has no named group `(?<name>…)`: it would add no column", c.pattern.span);
      return input;
    }
    let node: PlanNode = input;
    let field: string;
    if (c.input.kind === "Field" && !c.input.name.endsWith(".caseless")) {
      field = c.input.name;
      this.expr(c.input);
    } else {
      field = `_esql_grok_input${this.temp++}`;
      node = { kind: "Eval", input: node, assignments: [{ name: field, value: this.expr(c.input) }], span: c.span };
    }
    const groups = names.map((_, i) => `esqlgrok${i}`);
    node = { kind: "Eval", input: node, assignments: groups.map((g) => ({ name: g, value: expr.literal(null) })), span: c.span };
    const bad = this.regexProblem(() => compileUserRegex(rewritten, "pcre"));
    if (bad) {
      this.fail("esql-regex", `the GROK pattern: ${bad}`, c.pattern.span);
      return input;
    }
    node = { kind: "Rex", input: node, field, pattern: rewritten, groups, maxMatch: 1, span: c.span };
    node = { kind: "Eval", input: node, assignments: names.map((n, i) => ({ name: n, value: expr.field(groups[i]!) })), span: c.span };
    for (const n of names) this.define(n, "keyword");
    const temps = field.startsWith("_esql_grok_input") ? [...groups, field] : groups;
    return { kind: "Project", input: node, mode: "remove", fields: temps, span: c.span };
  }

  /** Why a literal pattern cannot run (malformed, or a construct splice's engines do not have), or undefined. */
  private regexProblem(compile: () => unknown): string | undefined {
    try {
      compile();
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  }

  private define(name: string, type: EsqlType): void {
    if (this.scope) this.scope.set(name, type);
    else this.made.set(name, type);
  }

  private nameOf(n: EsqlNamed): string {
    return n.name !== "" ? n.name : this.text.slice(n.value.span.start, n.value.span.end);
  }

  private unknown(name: string, span: Span): void {
    const guess = this.scope ? didYouMean(name, this.scope.keys()) : undefined;
    this.fail("esql-unknown-column", `unknown column \`${name}\`: the commands before this one do not make it`, span, guess ? `did you mean \`${guess}\`?` : undefined);
  }

  /** An expression; `multi` reads fields as they are (multivalues whole), for aggregates and MV_* functions. */
  expr(e: EsqlExpr, multi = false): Expr {
    switch (e.kind) {
      case "Literal":
        if (e.type === "timespan") return this.fail("unsupported-syntax", "a time span is only supported as DATE_TRUNC's interval or added to a date", e.span);
        return expr.literal(e.value, e.span);
      case "Field":
        return this.field(e.name, e.span, multi);
      case "Options":
        return this.fail("esql-syntax", "an options map `{…}` is only valid as MATCH's last argument", e.span);
      case "Not":
        return expr.not(this.expr(e.operand), e.span);
      case "Negate":
        return expr.call("esqlArith", [expr.literal("-"), expr.literal(0), this.expr(e.operand), expr.literal(false)], e.span);
      case "IsNull": {
        const test = expr.call("isnull", [this.expr(e.operand, true)], e.span);
        return e.negated ? expr.not(test, e.span) : test;
      }
      case "Binary":
        return this.binary(e);
      case "Like": {
        const operand = this.expr(e.operand);
        if (e.regex) {
          for (const p of e.patterns) {
            const bad = this.regexProblem(() => compileUserRegex(p.text, "lucene"));
            if (bad) return this.fail("esql-regex", `the RLIKE pattern: ${bad}`, p.span);
          }
        }
        const match: Expr = e.regex
          ? { kind: "Match", subject: operand, patterns: e.patterns.map((p) => p.text), syntax: "lucene-regex", caseInsensitive: false, onNull: "null", span: e.span }
          : expr.call("esqlLike", [operand, ...e.patterns.map((p) => expr.literal(p.text, p.span))], e.span);
        return e.negated ? expr.not(match, e.span) : match;
      }
      case "In": {
        // `x IN ("a", null)` is true when x is "a" and null otherwise, as `x == "a" OR null`.
        const values = e.values.filter((v) => !(v.kind === "Literal" && v.value === null));
        const listed: Expr = { kind: "InList", subject: this.expr(e.operand), values: values.map((v) => this.expr(v)), caseInsensitive: false, onNull: "null", span: e.span };
        const test = values.length < e.values.length ? expr.or([listed, expr.literal(null)], e.span) : listed;
        return e.negated ? expr.not(test, e.span) : test;
      }
      case "MatchOp":
        return this.matchOp(e);
      case "Cast": {
        const cast = CASTS[e.type];
        if (!cast) return this.fail("unsupported-syntax", `the cast \`::${e.type}\` is not supported`, e.typeSpan, `casts: ${Object.keys(CASTS).map((c) => `::${c}`).join(", ")}`);
        return expr.call(FUNCTIONS[cast.fn]!.id, [this.expr(e.operand)], e.span);
      }
      case "Call":
        return this.call(e, multi);
    }
  }

  private field(name: string, span: Span, multi: boolean): Expr {
    if (this.scope && !this.scope.has(name)) {
      this.unknown(name, span);
      return expr.literal(null, span);
    }
    if (!this.scope && !this.made.has(name) && name.endsWith(".caseless")) {
      const info = kqlFieldInfo(name);
      if (info.caseless) return expr.call("esqlCaseless", [expr.field(info.path, info.path, span), expr.field("agent.type")], span);
    }
    const read = expr.field(name, name, span);
    return multi ? read : expr.call("esqlValue", [read], span);
  }

  private binary(e: Extract<EsqlExpr, { kind: "Binary" }>): Expr {
    if (e.op === "and" || e.op === "or") {
      const operands = [this.expr(e.left), this.expr(e.right)];
      return e.op === "and" ? expr.and(operands, e.span) : expr.or(operands, e.span);
    }
    const span = e.left.kind === "Literal" && e.left.type === "timespan" ? e.left : e.right.kind === "Literal" && e.right.type === "timespan" ? e.right : undefined;
    if (span) {
      const ms = esqlInterval(String(span.value));
      if ((e.op !== "+" && e.op !== "-") || (e.op === "-" && span === e.left)) return this.fail("unsupported-syntax", "a time span is only added to or subtracted from a date here", e.span);
      if (typeof ms !== "number") return this.fail("unsupported-syntax", typeof ms === "string" ? ms : `\`${String(span.value)}\` is not a time span splice adds (a fixed one: \`5m\`, \`1 hour\`, \`2 days\`)`, span.span);
      const date = span === e.left ? e.right : e.left;
      return expr.call("esqlDateAdd", [this.expr(date), expr.literal(e.op === "-" ? -ms : ms)], e.span);
    }
    const left = this.expr(e.left);
    const right = this.expr(e.right);
    // A comparison with null is null, never an existence test (that is IS NULL).
    if ([e.left, e.right].some((x) => x.kind === "Literal" && x.value === null)) return expr.literal(null, e.span);
    if (e.op === "+" || e.op === "-" || e.op === "*" || e.op === "/" || e.op === "%") {
      const integer = this.typeOf(e.left) === "integer" && this.typeOf(e.right) === "integer";
      return expr.call("esqlArith", [expr.literal(e.op), left, right, expr.literal(integer)], e.span);
    }
    const types = [this.typeOf(e.left), this.typeOf(e.right)];
    if (types.includes("date")) {
      // Dates compare as instants, not as their text.
      return { kind: "Compare", op: e.op, left: expr.call("esqlDateMs", [left]), right: expr.call("esqlDateMs", [right]), caseInsensitive: false, onNull: "null", numericStrings: false, span: e.span };
    }
    const numeric = (t: EsqlType) => t === "integer" || t === "double";
    if ((types[0] === "keyword" && numeric(types[1]!)) || (numeric(types[0]!) && types[1] === "keyword")) {
      return this.fail("esql-type-mismatch", `\`${e.op}\` compares a ${types[0]} with a ${types[1]}; ES|QL rejects the query`, e.span, "convert one side: `TO_INTEGER(x)` or `TO_STRING(x)`");
    }
    return { kind: "Compare", op: e.op, left, right, caseInsensitive: false, onNull: "null", numericStrings: false, span: e.span };
  }

  /** `field : "query"`: a match query, analysed on text fields, the whole value elsewhere. */
  private matchOp(e: Extract<EsqlExpr, { kind: "MatchOp" }>): Expr {
    return this.matchQuery(e.field, e.query, e.span);
  }

  /**
   * `MATCH(field, "query"[, { "fuzziness": n|"AUTO", "max_expansions": n }])`: `:` with options. Fuzziness
   * applies to keyword fields here (a value within that many edits of the query, transpositions counting
   * one, as Lucene's fuzzy query); `max_expansions` bounds how many index terms a fuzzy query expands to,
   * which offline has no index to bound: every value within the distance matches.
   */
  private matchFunction(e: Extract<EsqlExpr, { kind: "Call" }>): Expr {
    if (e.args.length < 2 || e.args.length > 3) return this.fail("esql-syntax", "`MATCH` takes a field, a query and optionally an options map", e.span);
    const options = e.args[2];
    if (options === undefined) return this.matchQuery(e.args[0]!, e.args[1]!, e.span);
    if (options.kind !== "Options") return this.fail("esql-syntax", "MATCH's third argument is an options map `{…}`", options.span);
    let fuzziness: number | "auto" | undefined;
    for (const o of options.entries) {
      const v = o.value.kind === "Literal" ? o.value.value : undefined;
      if (o.key === "fuzziness" && (v === 0 || v === 1 || v === 2 || (typeof v === "string" && v.toLowerCase() === "auto"))) fuzziness = typeof v === "string" ? "auto" : v;
      else if (o.key === "max_expansions" && typeof v === "number") continue;
      else return this.fail("unsupported-syntax", `the MATCH option \`"${o.key}": …\` is not supported here`, o.span, 'options: `"fuzziness": 0, 1, 2 or "AUTO"`, `"max_expansions": n`');
    }
    if (fuzziness === undefined || fuzziness === 0) return this.matchQuery(e.args[0]!, e.args[1]!, e.span);
    const field = e.args[0]!;
    const query = e.args[1]!;
    if (field.kind !== "Field") return this.fail("esql-syntax", "MATCH's first argument must be a field", field.span);
    if (query.kind !== "Literal" || typeof query.value !== "string") return this.fail("unsupported-syntax", "MATCH's query must be a string here", query.span);
    const info = kqlFieldInfo(field.name);
    if (info.type !== "keyword") return this.fail("unsupported-syntax", `a fuzzy MATCH on \`${field.name}\` (a ${info.type} field) is not supported; on keyword fields it is`, options.span);
    return expr.call("esqlFuzzyTerm", [expr.field(info.path, info.path, field.span), expr.literal(query.value), expr.literal(fuzziness), expr.literal(info.caseless ? "lowercase" : "")], e.span);
  }

  private matchQuery(field: EsqlExpr, query: EsqlExpr, span: Span): Expr {
    const e = { field, query, span };
    if (e.field.kind !== "Field") return this.fail("esql-syntax", "the left side of `:` must be a field", e.field.span);
    if (e.query.kind !== "Literal" || typeof e.query.value !== "string") return this.fail("unsupported-syntax", "the right side of `:` must be a string here", e.query.span);
    const info = kqlFieldInfo(e.field.name);
    const read = expr.field(info.path, info.path, e.field.span);
    if (info.type === "text") return expr.call("kqlAnyToken", [read, ...standardTokens(e.query.value).map((t) => expr.literal(t))], e.span);
    return expr.call("kqlTerm", [read, expr.literal(e.query.value), expr.literal(info.caseless ? "lowercase" : "")], e.span);
  }

  private call(e: Extract<EsqlExpr, { kind: "Call" }>, multi: boolean): Expr {
    if (e.name === "match") return this.matchFunction(e);
    if (AGGREGATES[e.name] && !FUNCTIONS[e.name]) {
      return this.fail(UNSUPPORTED, `the aggregate \`${e.name.toUpperCase()}\` is only valid in STATS`, e.nameSpan);
    }
    const shape = FUNCTIONS[e.name];
    if (!shape) {
      const guess = didYouMean(e.name, Object.keys(FUNCTIONS));
      return this.fail(UNSUPPORTED, `the ES|QL function \`${e.name.toUpperCase()}\` is not supported`, e.nameSpan, guess ? `did you mean \`${guess.toUpperCase()}\`?` : `functions: ${Object.keys(FUNCTIONS).map((f) => f.toUpperCase()).join(", ")}`);
    }
    if (e.star) return this.fail("esql-syntax", `\`${e.name.toUpperCase()}(*)\` is not valid`, e.span);
    if (e.args.length < shape.min || e.args.length > shape.max) {
      const expected = shape.min === shape.max ? `${shape.min}` : shape.max === Infinity ? `at least ${shape.min}` : `${shape.min} to ${shape.max}`;
      return this.fail("esql-syntax", `\`${e.name.toUpperCase()}\` takes ${expected} argument${shape.max === 1 ? "" : "s"}, not ${e.args.length}`, e.span);
    }
    if (e.name === "date_diff") {
      const unit = e.args[0]!;
      if (unit.kind === "Literal" && typeof unit.value === "string" && esqlDateUnit(unit.value) === undefined) {
        return this.fail("esql-syntax", `\`${unit.value}\` is not a DATE_DIFF unit`, unit.span, "units: year, quarter, month, week, day, hour, minute, second, millisecond (and their abbreviations)");
      }
    }
    if (e.name === "date_trunc") {
      const interval = e.args[0]!;
      const written = interval.kind === "Literal" && typeof interval.value === "string" ? interval.value : undefined;
      const known = written === undefined ? undefined : esqlInterval(written);
      if (written === undefined || known === undefined || typeof known === "string") {
        return this.fail("unsupported-syntax", typeof known === "string" ? known : "DATE_TRUNC's interval must be a time span literal here (`1 hour`, `60 seconds`, `5m`)", interval.span);
      }
      return expr.call(shape.id, [expr.literal(written, interval.span), this.expr(e.args[1]!)], e.span);
    }
    if (e.name === "replace") {
      const [, pattern, replacement] = e.args;
      if (pattern?.kind === "Literal" && typeof pattern.value === "string") {
        const rep = replacement?.kind === "Literal" && typeof replacement.value === "string" ? replacement.value : "";
        const bad = this.regexProblem(() => javaRegex(pattern.value as string, rep));
        if (bad) return this.fail("esql-regex", `the REPLACE pattern: ${bad}`, pattern.span);
      }
    }
    const args = e.args.map((a) => this.expr(a, shape.multi ?? multi));
    return expr.call(shape.id, args, e.span);
  }

  /** The type ES|QL gives an expression, as far as it is known without the index mapping. */
  typeOf(e: EsqlExpr): EsqlType {
    switch (e.kind) {
      case "Literal":
        return e.type === "null" || e.type === "timespan" ? "unknown" : e.type;
      case "Field":
        return this.scope?.get(e.name) ?? this.made.get(e.name) ?? (!this.scope && kqlFieldInfo(e.name).type === "date" ? "date" : "unknown");
      case "Cast":
        return CASTS[e.type]?.type ?? "unknown";
      case "Negate":
        return this.typeOf(e.operand);
      case "Binary": {
        if (!["+", "-", "*", "/", "%"].includes(e.op)) return "boolean";
        const a = this.typeOf(e.left);
        const b = this.typeOf(e.right);
        if ((e.left.kind === "Literal" && e.left.type === "timespan") || (e.right.kind === "Literal" && e.right.type === "timespan")) return "date";
        return a === "integer" && b === "integer" ? "integer" : a === "double" || b === "double" ? "double" : "unknown";
      }
      case "Call":
        return FUNCTIONS[e.name]?.returns ?? AGGREGATES[e.name]?.type ?? "unknown";
      default:
        return "boolean";
    }
  }
}

function wildcardTest(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(name);
}

function shift(span: Span, by: number): Span {
  // The pattern's text starts after its opening quote(s).
  return { start: span.start + by + 1, end: span.end };
}

export function lowerEsql(ast: EsqlQuery): { plan?: PlanNode; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const plan = new Lowerer(ast.text, diagnostics).plan(ast.commands);
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { plan, diagnostics };
}
