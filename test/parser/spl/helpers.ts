/** Test helpers: a compact expression printer and plan/diagnostic accessors. */
import { expect } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics.js";
import type { Expr } from "../../../src/plan/expr.js";
import type { PlanNode } from "../../../src/plan/plan.js";
import { splToPlan } from "../../../src/parser/spl/index.js";

/** `process_name~wmic.exe|cmd.exe`, `and(a, b)`, `not(x)`, `isnotnull(f)`, `(count > 4)`. */
export function show(e: Expr): string {
  switch (e.kind) {
    case "Match":
      return `${show(e.subject)}~${e.patterns.join("|")}`;
    case "Logical":
      return `${e.op}(${e.operands.map(show).join(", ")})`;
    case "Not":
      return `not(${show(e.operand)})`;
    case "Call":
      return `${e.fn}(${e.args.map(show).join(", ")})`;
    case "Field":
      return e.path === e.name ? e.path : `${e.path}<${e.name}>`;
    case "Literal":
      return JSON.stringify(e.value);
    case "Compare":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "InList":
      return `${show(e.subject)} in [${e.values.map(show).join(", ")}]`;
  }
}

/** Removes `span` keys recursively so plans compare with toEqual. */
export function noSpans<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === "span" ? undefined : v))) as T;
}

export function planOf(text: string): PlanNode {
  const r = splToPlan(text);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  expect(errors, JSON.stringify(errors)).toEqual([]);
  expect(r.plan).toBeDefined();
  return r.plan!;
}

/** The predicate of `search <expr>` (a leading search), printed. */
export function searchPredicate(expression: string): string {
  const plan = planOf(`search ${expression}`);
  if (plan.kind !== "Filter") throw new Error(`expected Filter, got ${plan.kind}`);
  return show(plan.predicate);
}

/** Diagnostics as `code @ text-under-the-span`, for terse assertions on codes and carets. */
export function diagnosticsOf(text: string, severity?: Diagnostic["severity"]): string[] {
  return splToPlan(text)
    .diagnostics.filter((d) => !severity || d.severity === severity)
    .map((d) => `${d.code} @ ${d.span ? text.slice(d.span.start, d.span.end) : "?"}`);
}

export function firstDiagnostic(text: string): Diagnostic {
  const d = splToPlan(text).diagnostics[0];
  if (!d) throw new Error("no diagnostic");
  return d;
}

export const TSTATS = "| tstats count from datamodel=Endpoint.Processes";

/** The predicate of a Filter node, printed. */
export function predicateOf(node: PlanNode | undefined): string {
  if (node?.kind !== "Filter") throw new Error(`expected Filter, got ${node?.kind}`);
  return show(node.predicate);
}
