/**
 * EQL expressions → plan expressions, reproducing how Elasticsearch evaluates a filter
 * (QueryTranslator + the QL optimizer):
 * - `not` is pushed down to the leaves first (BooleanSimplification: De Morgan, `not (a > 1)` becomes
 *   `a <= 1`, `not (a == 1)` becomes `a != 1`). So `not (exit_code > -1)` is false on events without
 *   `exit_code` (test_queries.toml `notExitCodeGtWithHead`), while `f != "x"` and `not f : "x"` are
 *   true there: they become Lucene `must_not` queries.
 * - A leaf `field op constant` is a pushed-down query: a missing field never matches (onNull "false").
 * - Any other leaf runs as a script (onNull "null"); a null result does not match, and a `not` directly
 *   over a script leaf stays inside the script, so it does not match either.
 * - In value positions (operands, function arguments) predicates are script values: a comparison with
 *   a null operand is null (`null == (exit_code > -1)` is true when `exit_code` is missing).
 */
import { didYouMean, diag, type Diagnostic, type Span } from "../../diagnostics.js";
import type { Compare, Expr, Match, PatternSyntax } from "../../plan/expr.js";
import { checkPattern } from "../common/regex-check.js";
import { ECS_DATE_FIELDS, parseDateLiteral } from "./date-fields.js";
import { expr } from "../../plan/expr.js";
import type { EqlCall, EqlComparison, EqlExpr, EqlField, EqlIn, EqlPattern } from "./ast.js";
import { ENDGAME_FUNCTIONS, eqlFunctionNames, lookupEqlFunction } from "./functions.js";
import { arityMismatch } from "../../engine/functions/index.js";

type Position = "condition" | "value";
type ComparisonOp = EqlComparison["op"];

const NEGATED: Readonly<Record<ComparisonOp, ComparisonOp>> = { "==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<" };
const ARITHMETIC: Readonly<Record<"+" | "-" | "*" | "/" | "%", string>> = { "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "modulo" };
const PATTERN_SYNTAX: Readonly<Record<EqlPattern["op"], { syntax: PatternSyntax; caseInsensitive: boolean }>> = {
  ":": { syntax: "eql-wildcard", caseInsensitive: true },
  like: { syntax: "eql-wildcard", caseInsensitive: false },
  "like~": { syntax: "eql-wildcard", caseInsensitive: true },
  regex: { syntax: "lucene-regex", caseInsensitive: false },
  "regex~": { syntax: "lucene-regex", caseInsensitive: true },
};

/** Fields an expression reads. */
export function fieldsOf(e: EqlExpr): EqlField[] {
  switch (e.kind) {
    case "Literal":
      return [];
    case "Field":
      return [e];
    case "Call":
      return e.args.flatMap(fieldsOf);
    case "Arithmetic":
    case "Comparison":
      return [...fieldsOf(e.left), ...fieldsOf(e.right)];
    case "Negate":
    case "Not":
      return fieldsOf(e.operand);
    case "Logical":
      return e.operands.flatMap(fieldsOf);
    case "In":
      return [...fieldsOf(e.subject), ...e.values.flatMap(fieldsOf)];
    case "Pattern":
      return fieldsOf(e.subject);
  }
}

/**
 * Statically a double: a decimal literal (`4.0`), or arithmetic over one. JS has one number type, so
 * `/` with such an operand lowers to `divideDouble` (`divide(30, 4.0) == 7.5`, `66.0 / x`); integer
 * `/` truncates. Field types are unknown here and count as integers when integral.
 */
function isFloating(e: EqlExpr): boolean {
  switch (e.kind) {
    case "Literal":
      return e.numberKind === "decimal";
    case "Negate":
      return isFloating(e.operand);
    case "Arithmetic":
      return isFloating(e.left) || isFloating(e.right);
    case "Call":
      return Object.values(ARITHMETIC).includes(lookupEqlFunction(e.name)?.id ?? "") && e.args.some(isFloating);
    default:
      return false;
  }
}

/** Elasticsearch folds expressions without fields to constants before translating. */
const isConstant = (e: EqlExpr): boolean => fieldsOf(e).length === 0;

/** `field op constant` with the field bare: Elasticsearch turns it into a Lucene query. */
function isPushable(left: EqlExpr, right: EqlExpr): boolean {
  return (left.kind === "Field" && isConstant(right)) || (right.kind === "Field" && isConstant(left));
}

export class ExprLowerer {
  constructor(
    readonly text: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  private error(code: string, message: string, span: Span, hint?: string): Expr {
    this.diagnostics.push(diag(code, message, span, hint));
    return expr.literal(null, span);
  }

  private source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** A whole `where` condition (boolean position). */
  condition(e: EqlExpr): Expr {
    this.checkBoolean(e);
    return this.leaf(e, false);
  }

  /** Boolean position with `not` pushed down; `negate` = an odd number of enclosing `not`s. */
  private leaf(e: EqlExpr, negate: boolean): Expr {
    switch (e.kind) {
      case "Logical": {
        const operands = e.operands.map((o) => this.leaf(o, negate));
        return (e.op === "and") !== negate ? expr.and(operands, e.span) : expr.or(operands, e.span);
      }
      case "Not":
        return this.leaf(e.operand, !negate);
      case "Comparison":
        return this.comparison(negate ? NEGATED[e.op] : e.op, e, "condition");
      case "In":
        return this.inList(e, e.negated !== negate, "condition");
      case "Pattern": {
        const m = this.pattern(e, "condition");
        return negate ? expr.not(m, e.span) : m;
      }
      case "Call": {
        const call = this.call(e);
        if (!negate) return call;
        // must_not(query) matches events where the function's field is missing; a script would not.
        return expr.not(this.isPushableCall(e) ? nullToFalse(call, e.span) : call, e.span);
      }
      default: {
        const v = this.value(e);
        return negate ? expr.not(v, e.span) : v;
      }
    }
  }

  /** Value position: script semantics, nulls propagate. */
  value(e: EqlExpr): Expr {
    switch (e.kind) {
      case "Literal":
        return expr.literal(e.value, e.span);
      case "Field":
        return fieldExpr(e);
      case "Call":
        return this.call(e);
      case "Arithmetic": {
        const fn = e.op === "/" && (isFloating(e.left) || isFloating(e.right)) ? "divideDouble" : ARITHMETIC[e.op];
        return expr.call(fn, [this.value(e.left), this.value(e.right)], e.span);
      }
      case "Negate":
        if (e.operand.kind === "Literal" && typeof e.operand.value === "number") return expr.literal(-e.operand.value, e.span);
        return expr.call("negate", [this.value(e.operand)], e.span);
      case "Comparison":
        return this.comparison(e.op, e, "value");
      case "Logical": {
        const operands = e.operands.map((o) => this.value(o));
        return e.op === "and" ? expr.and(operands, e.span) : expr.or(operands, e.span);
      }
      case "Not":
        return expr.not(this.value(e.operand), e.span);
      case "In":
        return this.inList(e, e.negated, "value");
      case "Pattern":
        return this.pattern(e, "value");
    }
  }

  private comparison(op: ComparisonOp, e: EqlComparison, position: Position): Expr {
    const { left, right, span } = e;
    const leftFields = fieldsOf(left).filter((f) => !f.optional);
    const rightFields = fieldsOf(right).filter((f) => !f.optional);
    if (leftFields.length > 0 && rightFields.length > 0) {
      return this.error(
        "eql-field-comparison",
        "You cannot use EQL comparison operators to compare a field to another field",
        span,
        "this applies even if the fields are changed using a function; compare each field with constants",
      );
    }
    if (op === "!=") return expr.not(this.comparison("==", e, position), span);
    if (op === "==" && left.kind === "Field" && right.kind === "Field") {
      // Valid in Elasticsearch only when an optional side is unmapped, i.e. the null literal: then
      // `?x == y` is `y == null`. With no mapping here, "both missing" is the faithful reading.
      return expr.and([isNull(left), isNull(right)], span);
    }
    const onNull = position === "condition" && isPushable(left, right) ? "false" : "null";
    const dated = dateComparison(left, right);
    const node: Compare = {
      kind: "Compare",
      op,
      left: dated?.left ?? this.value(left),
      right: dated?.right ?? this.value(right),
      caseInsensitive: false,
      onNull,
      numericStrings: false,
      span,
    };
    return node;
  }

  private inList(e: EqlIn, negated: boolean, position: Position): Expr {
    const subjectFields = fieldsOf(e.subject).filter((f) => !f.optional);
    const valueWithField = e.values.find((v) => fieldsOf(v).some((f) => !f.optional));
    if (subjectFields.length > 0 && valueWithField) {
      return this.error(
        "eql-field-comparison",
        "You cannot use EQL comparison operators to compare a field to another field",
        valueWithField.span,
        "the values of `in (…)` must be constants",
      );
    }
    const pushable = e.subject.kind === "Field" && e.values.every(isConstant);
    const list: Expr = {
      kind: "InList",
      subject: this.value(e.subject),
      values: e.values.map((v) => this.value(v)),
      caseInsensitive: e.caseInsensitive,
      onNull: position === "condition" && pushable ? "false" : "null",
      span: e.span,
    };
    return negated ? expr.not(list, e.span) : list;
  }

  private pattern(e: EqlPattern, position: Position): Expr {
    const patterns: string[] = [];
    for (const p of e.patterns) {
      if (typeof p.value === "string") patterns.push(p.value);
      else this.error("eql-type-mismatch", `\`${e.op}\` can only be used to compare strings; found \`${this.source(p.span)}\``, p.span, "quote the value: `\"…\"`");
    }
    const { syntax, caseInsensitive } = PATTERN_SYNTAX[e.op];
    if (syntax === "lucene-regex") {
      for (const p of e.patterns) if (typeof p.value === "string") this.diagnostics.push(...checkPattern(p.value, p.span, "lucene"));
    }
    const m: Match = {
      kind: "Match",
      subject: this.value(e.subject),
      patterns,
      syntax,
      caseInsensitive,
      onNull: position === "condition" && e.subject.kind === "Field" ? "false" : "null",
      span: e.span,
    };
    return m;
  }

  private call(e: EqlCall): Expr {
    const sig = lookupEqlFunction(e.name);
    const args = e.args.map((a) => this.value(a));
    if (!sig) {
      const endgame = ENDGAME_FUNCTIONS[e.name.toLowerCase()];
      if (endgame) return this.error("eql-unsupported", `function \`${e.name}\` is not supported by Elasticsearch EQL`, e.nameSpan, endgame);
      const near = didYouMean(e.name, eqlFunctionNames());
      return this.error("eql-unknown-function", `unknown function \`${e.name}\``, e.nameSpan, near ? `did you mean \`${near}\`?` : undefined);
    }
    if (e.caseInsensitive && !sig.caseInsensitiveVariant) {
      this.error("eql-function-variant", `function \`${sig.id}\` has no case-insensitive variant`, e.nameSpan, `remove the \`~\`: \`${e.name}(…)\``);
    }
    const arity = arityMismatch(sig.id, sig, e.args.length);
    if (arity) return this.error("eql-function-arity", arity, e.span);
    e.args.forEach((a, i) => {
      const mustBeConstant = sig.constantArgs?.includes(i) || (sig.constantFrom !== undefined && i >= sig.constantFrom);
      if (mustBeConstant && !isConstant(a)) {
        this.error("eql-function-argument", `argument ${i + 1} of \`${sig.id}\` must be a constant, found \`${this.source(a.span)}\``, a.span);
      }
    });
    const id = sig.id === "divide" && e.args.some(isFloating) ? "divideDouble" : sig.id;
    return expr.call(id, args, e.span, e.caseInsensitive && sig.caseInsensitiveVariant);
  }

  /** `fn(field, constants…)` that Elasticsearch translates to a query instead of a script. */
  private isPushableCall(e: EqlCall): boolean {
    const sig = lookupEqlFunction(e.name);
    if (!sig?.pushdown || (sig.pushdown === "case-sensitive" && e.caseInsensitive)) return false;
    const [first, ...rest] = e.args;
    return first?.kind === "Field" && rest.every(isConstant);
  }

  /** Elasticsearch: "Condition expression needs to be boolean". Fields are untyped here and pass. */
  private checkBoolean(e: EqlExpr): void {
    if (e.kind === "Logical") return e.operands.forEach((o) => this.checkBoolean(o));
    if (e.kind === "Not") return this.checkBoolean(e.operand);
    const bad =
      (e.kind === "Literal" && e.value !== null && typeof e.value !== "boolean") ||
      e.kind === "Arithmetic" ||
      e.kind === "Negate" ||
      (e.kind === "Call" && lookupEqlFunction(e.name) !== undefined && lookupEqlFunction(e.name)!.returns !== "boolean");
    if (bad) {
      this.error("eql-type-mismatch", `condition expression needs to be boolean, found \`${this.source(e.span)}\``, e.span, "compare the value, for example `length(x) > 0`");
    }
  }
}

export function fieldExpr(f: EqlField): Expr {
  return expr.field(f.name, f.name, f.span, f.optional);
}

/** `dateField op "2017-…"` compares instants: both sides become epoch ms (see date-fields.ts). */
function dateComparison(left: EqlExpr, right: EqlExpr): { left: Expr; right: Expr } | undefined {
  const side = (field: EqlExpr, lit: EqlExpr) =>
    field.kind === "Field" && ECS_DATE_FIELDS.has(field.name) && lit.kind === "Literal" && typeof lit.value === "string"
      ? parseDateLiteral(lit.value)
      : null;
  const r = side(left, right);
  if (r !== null) return { left: expr.call("dateMillis", [fieldExpr(left as EqlField)], left.span), right: expr.literal(r, right.span) };
  const l = side(right, left);
  if (l !== null) return { left: expr.literal(l, left.span), right: expr.call("dateMillis", [fieldExpr(right as EqlField)], right.span) };
  return undefined;
}

function isNull(f: EqlField): Compare {
  return { kind: "Compare", op: "==", left: fieldExpr(f), right: expr.literal(null, f.span), caseInsensitive: false, onNull: "false", numericStrings: false, span: f.span };
}

/** `x == true` with a missing/null x false: the two-valued result of a pushed-down query. */
function nullToFalse(x: Expr, span: Span): Compare {
  return { kind: "Compare", op: "==", left: x, right: expr.literal(true, span), caseInsensitive: false, onNull: "false", numericStrings: false, span };
}
