/**
 * lowerKql: KqlAst → Filter(Scan{view "ecs", category null}, predicate), the plan an EQL `any where …`
 * lowers to. Each `field:value` becomes the Elasticsearch query Kibana builds for the field's type
 * (fields.ts), as a call of one of the `kql*` functions (src/engine/functions/kql.ts):
 *
 * | field type | `f:v` | `f:"v w"` | `f:v*` | `f:*` |
 * |---|---|---|---|---|
 * | keyword | kqlTerm: whole value, case-sensitive | same | kqlWildcard | kqlExists |
 * | text | kqlAnyToken: any analysed token (match, OR) | kqlPhrase: the tokens in sequence | kqlTokenWildcard (one token) | kqlExists |
 * | number, boolean, ip | kqlNumber / kqlBoolean / kqlIp (CIDR) | same | error | kqlExists |
 *
 * `?` is no wildcard in KQL (Kibana escapes it for query_string). Ranges on keyword fields compare terms.
 */
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import { expr, type Expr } from "../../plan/expr.js";
import type { Filter } from "../../plan/plan.js";
import { parseIp } from "../../engine/functions/eql.js";
import { standardTokens } from "../../engine/functions/standard-analyzer.js";
import { parseDateLiteral } from "../eql/date-fields.js";
import type { KqlAst, KqlField, KqlLiteral, KqlQuery, KqlRange, KqlValue } from "./ast.js";
import { DEFEND_AGENT_TYPE, kqlFieldInfo, type KqlFieldInfo } from "./fields.js";

const UNSUPPORTED = "kql-unsupported";
const TYPE_ERROR = "kql-type-mismatch";

class Lowerer {
  constructor(readonly diagnostics: Diagnostic[]) {}

  private fail(code: string, message: string, span: Span, hint?: string): Expr {
    this.diagnostics.push(diag(code, message, span, hint));
    return expr.literal(false, span);
  }

  query(q: KqlQuery, prefix: string): Expr {
    switch (q.kind) {
      case "MatchAll":
        return expr.literal(true, q.span);
      case "Or":
        return expr.or(q.operands.map((o) => this.query(o, prefix)), q.span);
      case "And":
        return expr.and(q.operands.map((o) => this.query(o, prefix)), q.span);
      case "Not":
        return expr.not(this.query(q.operand, prefix), q.span);
      case "FieldValue": {
        const info = this.field(q.field, prefix);
        return info ? this.values(q.value, info, prefix + q.field.name, q.field.span) : expr.literal(false, q.span);
      }
      case "Range":
        return this.range(q, prefix);
      case "Nested":
        // Flat ECS rows keep no object boundaries: `f:{a:1 and b:2}` holds when some object has a:1 and
        // some (maybe another) has b:2. Exact for a single object, which is what Windows events carry.
        this.diagnostics.push(
          diag(
            "kql-nested-approximate",
            `\`${q.field.name}:{…}\` is read as the fields under \`${q.field.name}.\`; with several objects in \`${q.field.name}\` their conditions may be met by different objects`,
            q.field.span,
            undefined,
            "warning",
          ),
        );
        return this.query(q.query, `${prefix}${q.field.name}.`);
      case "BareValue":
        return this.fail(
          UNSUPPORTED,
          `a value without a field (\`${q.value.text}\`) searches the index's default fields, which depend on its template`,
          q.span,
          `name the field: \`message:${q.value.quoted ? `"${q.value.text}"` : q.value.text}\` or \`process.command_line:*${q.value.text}*\``,
        );
    }
  }

  private field(f: KqlField, prefix: string): KqlFieldInfo | undefined {
    if (f.name.includes("*")) {
      this.fail(UNSUPPORTED, `field pattern \`${f.name}\` expands over the index mapping, which is not known offline`, f.span, "name each field: `(a.x:v or a.y:v)`");
      return undefined;
    }
    return kqlFieldInfo(prefix + f.name);
  }

  private values(v: KqlValue, info: KqlFieldInfo, name: string, fieldSpan: Span): Expr {
    switch (v.kind) {
      case "ValueOr":
        return expr.or(v.operands.map((o) => this.values(o, info, name, fieldSpan)), v.span);
      case "ValueAnd":
        return expr.and(v.operands.map((o) => this.values(o, info, name, fieldSpan)), v.span);
      case "ValueNot":
        return expr.not(this.values(v.operand, info, name, fieldSpan), v.span);
      case "Literal": {
        const leaf = this.leaf(v, info, name, fieldSpan);
        if (!info.caseless) return leaf;
        const defend = call("kqlTerm", [expr.field("agent.type", "agent.type", fieldSpan), lit(DEFEND_AGENT_TYPE), lit("")], fieldSpan);
        return expr.and([defend, leaf], v.span);
      }
    }
  }

  private leaf(v: KqlLiteral, info: KqlFieldInfo, name: string, fieldSpan: Span): Expr {
    const field = expr.field(name, info.path, fieldSpan);
    const wildcard = v.parts.length > 1;
    if (wildcard && v.parts.every((p) => p === "")) return call("kqlExists", [field], v.span);
    const type = info.type;
    if (wildcard && type !== "keyword" && type !== "text") {
      return this.fail(TYPE_ERROR, `\`${name}\` is a${type === "ip" ? "n" : ""} ${type} field: a wildcard value matches nothing there`, v.span, "wildcards apply to keyword and text fields");
    }
    switch (type) {
      case "keyword": {
        const normalizer = lit(info.caseless ? "lowercase" : "");
        if (wildcard) return call("kqlWildcard", [field, normalizer, ...v.parts.map(lit)], v.span);
        return call("kqlTerm", [field, lit(v.text), normalizer], v.span);
      }
      case "text":
        return this.text(v, field, name);
      case "number":
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.text.trim())) {
          return this.fail(TYPE_ERROR, `\`${name}\` is a number field; \`${v.text}\` is not a number`, v.span, "Elasticsearch fails the query (number_format_exception)");
        }
        return call("kqlNumber", [field, lit(v.text.trim())], v.span);
      case "boolean":
        if (v.text !== "true" && v.text !== "false") return this.fail(TYPE_ERROR, `\`${name}\` is a boolean field; write \`true\` or \`false\``, v.span);
        return call("kqlBoolean", [field, lit(v.text)], v.span);
      case "ip": {
        const slash = v.text.indexOf("/");
        const addr = slash < 0 ? v.text : v.text.slice(0, slash);
        if (parseIp(addr) === null || (slash >= 0 && !/^\d{1,3}$/.test(v.text.slice(slash + 1)))) {
          return this.fail(TYPE_ERROR, `\`${name}\` is an ip field; \`${v.text}\` is not an address or a CIDR block`, v.span);
        }
        return call("kqlIp", [field, lit(v.text)], v.span);
      }
      case "date": {
        const ms = parseDateLiteral(v.text);
        if (ms === null) return this.fail(UNSUPPORTED, `date value \`${v.text}\` is not an ISO date`, v.span, "date math (`now-1d`) and other formats are not supported offline");
        return expr.and([rangeCall(field, ">=", String(ms), "date", v.span), rangeCall(field, "<=", String(ms), "date", v.span)], v.span);
      }
    }
  }

  /** match_phrase for quoted values, match (any token) for unquoted ones, a one-token wildcard for `*`. */
  private text(v: KqlLiteral, field: Expr, name: string): Expr {
    if (v.parts.length > 1) {
      // A wildcard runs against single tokens; a pattern whose text the analyzer would split cannot match one.
      const probe = standardTokens(v.parts.join("x"));
      if (probe.length !== 1) {
        return this.fail(
          UNSUPPORTED,
          `wildcard \`${v.text}\` on text field \`${name}\` spans several tokens`,
          v.span,
          `a wildcard on an analysed field matches one token; quote the words for a phrase: \`${name}:"${v.parts.filter(Boolean).join(" ")}"\``,
        );
      }
      return call("kqlTokenWildcard", [field, ...v.parts.map((p) => lit(p.toLowerCase()))], v.span);
    }
    const tokens = standardTokens(v.text);
    if (tokens.length === 0) return expr.literal(false, v.span); // a match query with no terms matches nothing
    return call(v.quoted ? "kqlPhrase" : "kqlAnyToken", [field, ...tokens.map(lit)], v.span);
  }

  private range(q: KqlRange, prefix: string): Expr {
    const info = this.field(q.field, prefix);
    if (!info) return expr.literal(false, q.span);
    const name = prefix + q.field.name;
    const field = expr.field(name, info.path, q.field.span);
    const text = q.value.text;
    switch (info.type) {
      case "number":
        if (q.value.parts.length > 1 || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
          return this.fail(TYPE_ERROR, `\`${name}\` is a number field; \`${text}\` is not a number`, q.value.span);
        }
        return rangeCall(field, q.op, text, "number", q.span);
      case "date": {
        const ms = parseDateLiteral(text);
        if (ms === null) return this.fail(UNSUPPORTED, `date value \`${text}\` is not an ISO date`, q.value.span, "date math (`now-1d`) and other formats are not supported offline");
        return rangeCall(field, q.op, String(ms), "date", q.span);
      }
      case "keyword":
        if (info.caseless) return this.fail(UNSUPPORTED, `a range over \`${name}\` (a normalised keyword) is not supported`, q.span);
        return rangeCall(field, q.op, text, "keyword", q.span);
      default:
        return this.fail(UNSUPPORTED, `a range over the ${info.type} field \`${name}\` is not supported`, q.span, "ranges apply to number, date and keyword fields here");
    }
  }
}

const lit = (s: string) => expr.literal(s);
const call = (fn: string, args: readonly Expr[], span: Span) => expr.call(fn, args, span);
const rangeCall = (field: Expr, op: string, value: string, type: string, span: Span) => call("kqlRange", [field, lit(op), lit(value), lit(type)], span);

export function lowerKql(ast: KqlAst): { plan?: Filter; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const predicate = new Lowerer(diagnostics).query(ast.query, "");
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const whole = { start: 0, end: ast.text.length };
  const plan: Filter = { kind: "Filter", input: { kind: "Scan", view: "ecs", dataset: "events", category: null, span: whole }, predicate, span: whole };
  return { plan, diagnostics };
}
