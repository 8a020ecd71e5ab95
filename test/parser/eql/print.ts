/** Test-local compact printers for plans and expressions (the shared explain() is not ours). */
import type { Expr } from "../../../src/plan/expr.js";
import type { PlanNode, SequenceTerm } from "../../../src/plan/plan.js";
import { eqlToPlan, parseEql } from "../../../src/parser/eql/index.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";

/** `{null}` marks script semantics (onNull "null"); `:`/like~ print as `like~`. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "Literal":
      return JSON.stringify(e.value);
    case "Field":
      return `${e.optional ? "?" : ""}${e.name}`;
    case "Compare":
      return `(${printExpr(e.left)} ${e.op}${e.caseInsensitive ? "~" : ""} ${printExpr(e.right)})${e.onNull === "null" ? "{null}" : ""}`;
    case "Logical":
      return `(${e.operands.map(printExpr).join(` ${e.op} `)})`;
    case "Not":
      return `not ${printExpr(e.operand)}`;
    case "InList":
      return `(${printExpr(e.subject)} in${e.caseInsensitive ? "~" : ""} [${e.values.map(printExpr).join(", ")}])${e.onNull === "null" ? "{null}" : ""}`;
    case "Match": {
      const op = e.syntax === "eql-wildcard" ? "like" : e.syntax === "lucene-regex" ? "regex" : e.syntax;
      return `(${printExpr(e.subject)} ${op}${e.caseInsensitive ? "~" : ""} [${e.patterns.map((p) => JSON.stringify(p)).join(", ")}])${e.onNull === "null" ? "{null}" : ""}`;
    }
    case "Call":
      return `${e.fn}${e.caseInsensitive ? "~" : ""}(${e.args.map(printExpr).join(", ")})`;
  }
}

export function printPlan(p: PlanNode, indent = ""): string {
  const next = indent + "  ";
  switch (p.kind) {
    case "Scan":
      return `${indent}Scan ${p.view}:${p.dataset} ${p.category === null ? "any" : JSON.stringify(p.category)}`;
    case "Filter":
      return `${indent}Filter ${printExpr(p.predicate)}\n${printPlan(p.input, next)}`;
    case "Limit":
      return `${indent}Limit ${p.from} ${p.count}\n${printPlan(p.input, next)}`;
    case "Sequence":
      return [
        `${indent}Sequence${p.maxspanMs !== undefined ? ` maxspan=${p.maxspanMs}ms` : ""}`,
        ...p.terms.map((t) => printTerm("term", t, next)),
        ...(p.until ? [printTerm("until", p.until, next)] : []),
      ].join("\n");
    case "Sample":
      return [`${indent}Sample`, ...p.terms.map((t) => printTerm("term", t, next))].join("\n");
    default:
      return `${indent}${p.kind}`;
  }
}

function printTerm(label: string, t: SequenceTerm, indent: string): string {
  const flags = [t.missing ? "missing" : "", t.runs !== 1 ? `runs=${t.runs}` : "", t.keys.length ? `by ${t.keys.map(printExpr).join(", ")}` : ""]
    .filter(Boolean)
    .join(" ");
  return `${indent}${label}${flags ? " " + flags : ""}\n${printPlan(t.input, indent + "  ")}`;
}

/** The plan of a query, or its formatted diagnostics. */
export function plan(text: string): string {
  const r = eqlToPlan(text);
  if (r.plan) return printPlan(r.plan);
  return r.diagnostics.map((d) => formatDiagnostic(d, { name: "q.eql", text })).join("\n\n");
}

/** The predicate of `any where <cond>`. */
export function cond(condition: string): string {
  const text = `any where ${condition}`;
  const r = eqlToPlan(text);
  if (r.plan?.kind === "Filter") return printExpr(r.plan.predicate);
  return r.diagnostics.map((d) => formatDiagnostic(d, { name: "q.eql", text })).join("\n\n");
}

/** Formatted diagnostics of a query (parse + lower), "" when it lowers cleanly. */
export function errors(text: string): string {
  return eqlToPlan(text)
    .diagnostics.map((d) => formatDiagnostic(d, { name: "q.eql", text }))
    .join("\n\n");
}

export { parseEql };

import type { EqlExpr } from "../../../src/parser/eql/index.js";

/** S-expression of an EQL AST expression (precedence tests). */
export function printAst(e: EqlExpr): string {
  switch (e.kind) {
    case "Literal":
      return JSON.stringify(e.value);
    case "Field":
      return `${e.optional ? "?" : ""}${e.name}`;
    case "Call":
      return `${e.name}${e.caseInsensitive ? "~" : ""}(${e.args.map(printAst).join(", ")})`;
    case "Arithmetic":
    case "Comparison":
      return `(${printAst(e.left)} ${e.op} ${printAst(e.right)})`;
    case "Negate":
      return `(-${printAst(e.operand)})`;
    case "Not":
      return `(not ${printAst(e.operand)})`;
    case "Logical":
      return `(${e.operands.map(printAst).join(` ${e.op} `)})`;
    case "In":
      return `(${printAst(e.subject)} ${e.negated ? "not " : ""}${e.caseInsensitive ? "in~" : "in"} [${e.values.map(printAst).join(", ")}])`;
    case "Pattern":
      return `(${printAst(e.subject)} ${e.op} [${e.patterns.map(printAst).join(", ")}])`;
  }
}

/** The parsed condition of `any where <cond>` as an S-expression, or the diagnostics. */
export function tree(condition: string): string {
  const text = `any where ${condition}`;
  const r = parseEql(text);
  if (r.ast?.query.kind === "EventFilter") return printAst(r.ast.query.condition);
  return r.diagnostics.map((d) => formatDiagnostic(d, { name: "q.eql", text })).join("\n\n");
}
