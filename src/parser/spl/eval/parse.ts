/**
 * Recursive-descent parser for eval expressions. Precedence, lowest first:
 *   OR, XOR · AND · NOT · comparison (= == != < <= > >= LIKE IN) · + - . · * / % · unary - · primary
 * "AND before OR" is the eval/where rule (spl-semantics.md §11.1), the opposite of search.
 * Keywords (AND OR XOR NOT LIKE IN) are case-insensitive here: ESCU writes `where … and …`.
 * Function names are matched case-insensitively at lowering (`CASE(…)`, `NOT LIKE(…)`).
 */
import type { Span } from "../../../diagnostics.js";
import { firstTooDeep, NESTING_HINT, type NestingRole } from "../../common/nesting.js";
import type { EvalAssignment, EvalBinaryOp, EvalExpr } from "./ast.js";
import { lexEval, type EvalToken } from "./lex.js";

export interface EvalSyntaxError {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

class Failure extends Error {
  constructor(readonly error: EvalSyntaxError) {
    super(error.message);
  }
}

const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

const COMPARE: ReadonlyMap<string, EvalBinaryOp> = new Map([
  ["=", "=="],
  ["==", "=="],
  ["!=", "!="],
  ["<>", "!="],
  ["<", "<"],
  ["<=", "<="],
  [">", ">"],
  [">=", ">="],
]);

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly EvalToken[]) {}

  peek(offset = 0): EvalToken {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  next(): EvalToken {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  /**
   * A keyword (identifier, any case). Only asked where an operator may stand, so `LIKE(…)` in an
   * operand position is still the function (`NOT LIKE(x, "%a%")`).
   */
  isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "ident" && t.text.toUpperCase() === word;
  }
  isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === "op" && ops.includes(t.text);
  }
  fail(code: string, message: string, span: Span, hint?: string): never {
    throw new Failure({ code, message, span, ...(hint ? { hint } : {}) });
  }
  unexpected(what: string): never {
    const t = this.peek();
    if (t.kind === "end") this.fail("unexpected-end", `expected ${what}, found the end of the expression`, t.span);
    this.fail("unexpected-token", `expected ${what}, found \`${t.raw}\``, t.span);
  }
  expect(kind: EvalToken["kind"], what: string): EvalToken {
    if (this.peek().kind !== kind) this.unexpected(what);
    return this.next();
  }

  expr(): EvalExpr {
    return this.or();
  }

  private binary(left: EvalExpr, op: EvalBinaryOp, opTok: EvalToken, right: EvalExpr): EvalExpr {
    return { kind: "Binary", op, opSpan: opTok.span, left, right, span: cover(left.span, right.span) };
  }

  or(): EvalExpr {
    let left = this.and();
    while (this.isKeyword("OR") || this.isKeyword("XOR")) {
      const op = this.next();
      left = this.binary(left, op.text.toUpperCase() as EvalBinaryOp, op, this.and());
    }
    return left;
  }

  and(): EvalExpr {
    let left = this.not();
    while (this.isKeyword("AND")) {
      const op = this.next();
      left = this.binary(left, "AND", op, this.not());
    }
    return left;
  }

  not(): EvalExpr {
    if (this.isKeyword("NOT")) {
      const op = this.next();
      const operand = this.not();
      return { kind: "Unary", op: "NOT", operand, span: cover(op.span, operand.span) };
    }
    return this.comparison();
  }

  comparison(): EvalExpr {
    let left = this.additive();
    for (;;) {
      const t = this.peek();
      const cmp = t.kind === "op" ? COMPARE.get(t.text) : undefined;
      if (cmp) {
        this.next();
        left = this.binary(left, cmp, t, this.additive());
      } else if (this.isKeyword("LIKE")) {
        this.next();
        left = this.binary(left, "LIKE", t, this.additive());
      } else if (this.isKeyword("IN")) {
        this.next();
        this.expect("(", "`(` after `IN`");
        const values = this.args();
        const close = this.expect(")", "`,` or `)`");
        left = { kind: "In", subject: left, values, span: cover(left.span, close.span) };
      } else return left;
    }
  }

  additive(): EvalExpr {
    let left = this.multiplicative();
    while (this.isOp("+", "-", ".")) {
      const op = this.next();
      left = this.binary(left, op.text as EvalBinaryOp, op, this.multiplicative());
    }
    return left;
  }

  multiplicative(): EvalExpr {
    let left = this.unary();
    while (this.isOp("*", "/", "%")) {
      const op = this.next();
      left = this.binary(left, op.text as EvalBinaryOp, op, this.unary());
    }
    return left;
  }

  unary(): EvalExpr {
    if (this.isOp("-", "+")) {
      const op = this.next();
      const operand = this.unary();
      if (op.text === "+") return operand;
      if (operand.kind === "Number") return { ...operand, value: -operand.value, span: cover(op.span, operand.span) };
      return { kind: "Unary", op: "-", operand, span: cover(op.span, operand.span) };
    }
    return this.primary();
  }

  args(): EvalExpr[] {
    const out: EvalExpr[] = [];
    if (this.peek().kind === ")") return out;
    out.push(this.expr());
    while (this.peek().kind === ",") {
      this.next();
      out.push(this.expr());
    }
    return out;
  }

  primary(): EvalExpr {
    const t = this.peek();
    switch (t.kind) {
      case "number":
        this.next();
        return { kind: "Number", value: Number(t.raw), span: t.span };
      case "string":
        this.next();
        return { kind: "String", value: t.text, span: t.span };
      case "field":
        this.next();
        return { kind: "Field", name: t.text, span: t.span };
      case "ident": {
        this.next();
        if (this.peek().kind !== "(") return { kind: "Field", name: t.text, span: t.span };
        this.next();
        const args = this.args();
        const close = this.expect(")", "`,` or `)`");
        return { kind: "Call", name: t.text, nameSpan: t.span, args, span: cover(t.span, close.span) };
      }
      case "(": {
        this.next();
        const inner = this.expr();
        if (this.peek().kind !== ")") {
          if (this.peek().kind === "end") this.fail("unclosed-paren", "`(` is never closed", t.span, "add `)`");
          this.unexpected("`)`");
        }
        this.next();
        return inner;
      }
      default:
        return this.unexpected("a value, field or function call");
    }
  }

  atEnd(): boolean {
    return this.peek().kind === "end";
  }
}

type ParseResult<T> = { value: T; error?: undefined } | { value?: undefined; error: EvalSyntaxError };

function run<T>(text: string, start: number, end: number, body: (p: Parser) => T): ParseResult<T> {
  const lexed = lexEval(text, start, end);
  if (lexed.error) return { error: lexed.error };
  const deep = firstTooDeep(lexed.tokens, evalNestingRole);
  if (deep) return { error: { code: "too-deeply-nested", message: "the expression is nested too deeply", span: deep.span, hint: NESTING_HINT } };
  const p = new Parser(lexed.tokens);
  try {
    const value = body(p);
    const tooDeep = deepestBeyond(value, MAX_TREE_DEPTH);
    if (tooDeep) return { error: { code: "too-deeply-nested", message: "the expression is nested too deeply", span: tooDeep, hint: `split it: ${MAX_TREE_DEPTH} operators in a chain at most` } };
    return { value };
  } catch (e) {
    if (e instanceof Failure) return { error: e.error };
    throw e;
  }
}

/** Chains of binary operators build trees this deep; the recursive phases after parsing need the stack. */
const MAX_TREE_DEPTH = 1000;

/** The span of a node deeper than `limit` in the parsed value (an expression or assignments), if any. */
function deepestBeyond(value: unknown, limit: number): Span | undefined {
  const roots: EvalExpr[] = Array.isArray(value) ? (value as EvalAssignment[]).map((a) => a.value) : [value as EvalExpr];
  const stack: [EvalExpr, number][] = roots.map((r) => [r, 1]);
  while (stack.length) {
    const [e, depth] = stack.pop()!;
    if (depth > limit) return e.span;
    const children = e.kind === "Binary" ? [e.left, e.right] : e.kind === "Unary" ? [e.operand] : e.kind === "Call" ? e.args : e.kind === "In" ? [e.subject, ...e.values] : [];
    for (const c of children) stack.push([c, depth + 1]);
  }
  return undefined;
}

function evalNestingRole(t: EvalToken): NestingRole {
  if (t.kind === "(") return "open";
  if (t.kind === ")") return "close";
  if ((t.kind === "ident" && t.text.toUpperCase() === "NOT") || (t.kind === "op" && (t.text === "-" || t.text === "+"))) return "prefix";
  return "other";
}

/** A token that continues an assignment target written without spaces. */
function glued(t: EvalToken): boolean {
  return t.kind === "ident" || t.kind === "number" || (t.kind === "op" && t.text !== "=" && t.text !== "==" && t.text !== "!=");
}

/** One whole expression (`where`). */
export function parseEvalExpr(text: string, start: number, end: number): ParseResult<EvalExpr> {
  return run(text, start, end, (p) => {
    if (p.atEnd()) p.unexpected("an expression");
    const e = p.expr();
    if (!p.atEnd()) {
      const t = p.peek();
      if (t.kind === ")") p.fail("unmatched-paren", "unmatched `)`", t.span, "remove it or add the matching `(`");
      p.unexpected("an operator such as `AND`, `OR`, `=` or the end of the expression");
    }
    return e;
  });
}

/** `name = expr [, name = expr]…` (`eval`). */
export function parseEvalAssignments(text: string, start: number, end: number): ParseResult<EvalAssignment[]> {
  return run(text, start, end, (p) => {
    const out: EvalAssignment[] = [];
    do {
      if (out.length) p.next(); // the comma
      const target = p.peek();
      // A double-quoted target names a field too: `eval "PSWA Process" = …` (ESCU writes it; only
      // inside an expression is a double-quoted text a string).
      if (target.kind !== "ident" && target.kind !== "field" && target.kind !== "string") p.unexpected("a field name to assign");
      p.next();
      // The target is the whole run of text up to `=`: ESCU writes dotted names (`Processes.x = …`)
      // and names with `-` (`unusual_cmdline_feature_-value=…`); targets are never expressions.
      let name = target.text;
      let nameSpan = target.span;
      while (target.kind === "ident" && p.peek().span.start === nameSpan.end && glued(p.peek())) {
        const part = p.next();
        name += part.raw;
        nameSpan = cover(nameSpan, part.span);
      }
      if (!p.isOp("=")) p.unexpected("`=` after the field name");
      p.next();
      const value = p.expr();
      out.push({ name, nameSpan, value, span: cover(nameSpan, value.span) });
      if (!p.atEnd() && p.peek().kind !== ",") p.unexpected("`,` or the end of the assignments");
    } while (p.peek().kind === ",");
    return out;
  });
}
