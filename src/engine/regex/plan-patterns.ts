/**
 * The literal patterns a plan runs, each with its flavour: what a run can judge before any event — whether a
 * pattern goes to the backtracking engine (a helper thread, under the query's budget). Search and `where`
 * matches, the pattern argument of match(), replace() and makemv's tokenizer, rex patterns and sed programs.
 * A pattern read from a field is only known per row.
 */
import { parseSed } from "../functions/rewrite.js";
import type { Span } from "../../diagnostics.js";
import type { Expr } from "../../plan/expr.js";
import type { PlanNode } from "../../plan/plan.js";
import { exprChildren, nodeExprsOf, planInputs } from "../../plan/walk.js";
import { regexPlan, type RegexFlavour } from "./index.js";

/** Functions taking a PCRE, by the index of that argument (sedReplace: a sed program holding one). */
const PATTERN_ARGUMENT: Readonly<Record<string, number>> = { match: 1, replace: 1, makemvTokenize: 1, sedReplace: 1 };

export interface PlanPattern {
  readonly pattern: string;
  readonly flavour: RegexFlavour;
  /** Where the rule writes it (the rex command, the match, the literal argument), when known. */
  readonly span?: Span | undefined;
}

/** The literal patterns of one node (not of its inputs). */
export function* nodePatterns(node: PlanNode): Generator<PlanPattern> {
  if (node.kind === "Rex") yield { pattern: node.pattern, flavour: "pcre", span: node.span };
  const stack: Expr[] = [...nodeExprsOf(node)];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === "Match" && (e.syntax === "pcre" || e.syntax === "lucene-regex")) {
      for (const pattern of e.patterns) yield { pattern, flavour: e.syntax === "pcre" ? "pcre" : "lucene", span: e.span };
    }
    if (e.kind === "Call") {
      const at = PATTERN_ARGUMENT[e.fn];
      const arg = at === undefined ? undefined : e.args[at];
      if (arg?.kind === "Literal" && typeof arg.value === "string") {
        const pattern = e.fn === "sedReplace" ? sedRegex(arg.value) : arg.value;
        if (pattern !== undefined) yield { pattern, flavour: "pcre", span: arg.span };
      }
    }
    for (const c of exprChildren(e)) stack.push(c);
  }
}

/** True iff the node runs a literal pattern on the backtracking engine. */
export function nodeUsesBacktrackingRegex(node: PlanNode): boolean {
  return anyBacktracking(nodePatterns(node));
}

/** The literal patterns of every node of the plan, inputs and subsearches included. */
export function* planPatterns(plan: PlanNode): Generator<PlanPattern> {
  yield* nodePatterns(plan);
  for (const input of planInputs(plan)) yield* planPatterns(input);
}

/** True iff some node of the plan runs a literal pattern on the backtracking engine. */
export function usesBacktrackingRegex(plan: PlanNode): boolean {
  return anyBacktracking(planPatterns(plan));
}

function anyBacktracking(patterns: Iterable<PlanPattern>): boolean {
  for (const { pattern, flavour } of patterns) if (regexPlan(pattern, flavour).backtracking) return true;
  return false;
}

function sedRegex(program: string): string | undefined {
  const parsed = parseSed(program);
  return "kind" in parsed && parsed.kind === "s" ? parsed.regex : undefined;
}
