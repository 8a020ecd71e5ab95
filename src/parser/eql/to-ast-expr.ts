/**
 * CST → AST for EQL expressions. Reports what the grammar parses only to reject (Elasticsearch's
 * wording where it has one): `=` as equality, chained comparisons, lineage, array indexes and
 * non-constant pattern operands.
 */
import type { CstNode, IToken } from "chevrotain";
import { diag, type Diagnostic, type Span } from "../../diagnostics.js";
import type { EqlComparison, EqlExpr, EqlField, EqlLiteral, EqlPattern } from "./ast.js";
import { joinSpans, node, nodes, spanOf, spanOfToken, token, tokens } from "./cst.js";
import { stringValue } from "./strings.js";
import * as T from "./tokens.js";

export class ExprBuilder {
  constructor(
    readonly text: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  error(code: string, message: string, span: Span, hint?: string): void {
    this.diagnostics.push(diag(code, message, span, hint));
  }

  /** A placeholder that keeps building going after an error (the AST is discarded anyway). */
  private broken(span: Span): EqlLiteral {
    return { kind: "Literal", value: null, span };
  }

  expression(n: CstNode): EqlExpr {
    const parts = nodes(n, "andExpression").map((c) => this.andExpression(c));
    return parts.length === 1 ? parts[0]! : { kind: "Logical", op: "or", operands: parts, span: spanOf(n) };
  }

  private andExpression(n: CstNode): EqlExpr {
    const parts = nodes(n, "notExpression").map((c) => this.notExpression(c));
    return parts.length === 1 ? parts[0]! : { kind: "Logical", op: "and", operands: parts, span: spanOf(n) };
  }

  private notExpression(n: CstNode): EqlExpr {
    const inner = node(n, "notExpression");
    if (inner) return { kind: "Not", operand: this.notExpression(inner), span: spanOf(n) };
    const relationship = token(n, "relationship");
    if (relationship) {
      this.error(
        "eql-unsupported",
        `lineage queries (\`${relationship.image} of [...]\`) are not supported by Elasticsearch EQL`,
        joinSpans(spanOfToken(relationship), spanOfToken(token(n, "Of")!)),
        "Elasticsearch dropped `child of`, `descendant of` and `event of`; join the events with `sequence by process.entity_id` instead",
      );
      return this.broken(spanOf(n));
    }
    return this.comparison(node(n, "comparison")!);
  }

  private comparison(n: CstNode): EqlExpr {
    const operands = nodes(n, "additive").map((c) => this.additive(c));
    const ops = tokens(n, "ComparisonOperator");
    if (ops.length === 0) return operands[0]!;
    for (const op of ops) {
      if (op.tokenType === T.Assign) {
        this.error(
          "eql-syntax",
          "`=` is not supported as an equal operator. Use `==` or `:` instead",
          spanOfToken(op),
          "`==` compares case-sensitively; `:` compares strings case-insensitively and expands `*` and `?` wildcards",
        );
      }
    }
    if (ops.length > 1) {
      const second = ops[1]!;
      this.error(
        "eql-syntax",
        `comparisons do not chain: \`${second.image}\` cannot follow another comparison`,
        spanOfToken(second),
        "combine the comparisons with `and`, for example `a < b and b < c`",
      );
    }
    const op = ops[0]!.tokenType === T.Assign ? "==" : (ops[0]!.image as EqlComparison["op"]);
    return { kind: "Comparison", op, left: operands[0]!, right: operands[1]!, opSpan: spanOfToken(ops[0]!), span: spanOf(n) };
  }

  private additive(n: CstNode): EqlExpr {
    return this.leftAssociative(nodes(n, "multiplicative").map((c) => this.multiplicative(c)), tokens(n, "AdditiveOperator"));
  }

  private multiplicative(n: CstNode): EqlExpr {
    return this.leftAssociative(nodes(n, "unary").map((c) => this.unary(c)), tokens(n, "MultiplicativeOperator"));
  }

  private leftAssociative(operands: EqlExpr[], ops: IToken[]): EqlExpr {
    let acc = operands[0]!;
    ops.forEach((op, i) => {
      const right = operands[i + 1]!;
      acc = { kind: "Arithmetic", op: op.image as "+", left: acc, right, span: joinSpans(acc.span, right.span) };
    });
    return acc;
  }

  private unary(n: CstNode): EqlExpr {
    const sign = token(n, "sign");
    if (sign) {
      const operand = this.unary(node(n, "unary")!);
      return sign.tokenType === T.Minus ? { kind: "Negate", operand, span: spanOf(n) } : operand;
    }
    const primary = this.primary(node(n, "primary")!);
    const predicate = node(n, "predicate");
    return predicate ? this.predicate(primary, predicate, spanOf(n)) : primary;
  }

  private predicate(subject: EqlExpr, n: CstNode, span: Span): EqlExpr {
    const inOp = token(n, "InOperator");
    if (inOp) {
      const values = nodes(node(n, "list")!, "expression").map((c) => this.expression(c));
      return { kind: "In", subject, values, caseInsensitive: inOp.image === "in~", negated: token(n, "Not") !== undefined, span };
    }
    const opToken = token(n, "PatternOperator")!;
    const op = opToken.image as EqlPattern["op"];
    const list = node(n, "list");
    const operands = list ? nodes(list, "expression").map((c) => this.expression(c)) : [this.patternOperand(node(n, "patternOperand")!)];
    const patterns: EqlLiteral[] = [];
    for (const p of operands) {
      if (p.kind === "Literal") {
        patterns.push(p);
        continue;
      }
      const hint =
        p.kind === "Field"
          ? "You cannot use EQL comparison operators to compare a field to another field; compare the field with string constants"
          : "write the pattern as a string constant, or a list of them: `f : (\"a*\", \"b\")`";
      this.error("eql-syntax", `the right side of \`${op}\` must be a constant`, p.span, hint);
    }
    return { kind: "Pattern", op, subject, patterns, opSpan: spanOfToken(opToken), span };
  }

  private patternOperand(n: CstNode): EqlExpr {
    const c = node(n, "constant");
    if (c) return this.constant(c);
    const f = node(n, "functionCall");
    if (f) return this.functionCall(f);
    return this.qualifiedName(node(n, "qualifiedName")!);
  }

  private primary(n: CstNode): EqlExpr {
    const c = node(n, "constant");
    if (c) return this.constant(c);
    const f = node(n, "functionCall");
    if (f) return this.functionCall(f);
    const q = node(n, "qualifiedName");
    if (q) return this.qualifiedName(q);
    return this.expression(node(n, "expression")!);
  }

  constant(n: CstNode): EqlLiteral {
    const span = spanOf(n);
    if (token(n, "Null")) return { kind: "Literal", value: null, span };
    if (token(n, "True")) return { kind: "Literal", value: true, span };
    if (token(n, "False")) return { kind: "Literal", value: false, span };
    const num = token(n, "NumberLiteral");
    if (num) return numberLiteral(num);
    const str = token(n, "StringLiteral")!;
    return { kind: "Literal", value: this.string(str), span };
  }

  string(t: IToken): string {
    const { value, diagnostics } = stringValue(t.image, t.startOffset);
    this.diagnostics.push(...diagnostics);
    return value;
  }

  private functionCall(n: CstNode): EqlExpr {
    const name = token(n, "name")!;
    const caseInsensitive = name.image.endsWith("~");
    const args = nodes(n, "expression").map((c) => this.expression(c));
    return {
      kind: "Call",
      name: caseInsensitive ? name.image.slice(0, -1) : name.image,
      caseInsensitive,
      args,
      nameSpan: spanOfToken(name),
      span: spanOf(n),
    };
  }

  qualifiedName(n: CstNode): EqlField {
    const segments = tokens(n, "NamePart").map((t) => (t.tokenType === T.BacktickIdentifier ? t.image.slice(1, -1).replace(/``/g, "`") : t.image));
    for (const index of nodes(n, "arrayIndex")) {
      this.error(
        "eql-unsupported",
        "Array indexes are not supported",
        spanOf(index),
        "a predicate on an array field is true if any element satisfies it; drop the index",
      );
    }
    return { kind: "Field", segments, name: segments.join("."), optional: token(n, "Question") !== undefined, span: spanOf(n) };
  }
}

/** Integers beyond a long become doubles, as in Elasticsearch's ExpressionBuilder. */
function numberLiteral(t: IToken): EqlLiteral {
  const span = spanOfToken(t);
  if (t.tokenType === T.IntegerNumber) {
    const big = BigInt(t.image);
    const numberKind = big <= 9223372036854775807n ? "integer" : "decimal";
    return { kind: "Literal", value: Number(t.image), numberKind, span };
  }
  return { kind: "Literal", value: Number(t.image), numberKind: "decimal", span };
}
