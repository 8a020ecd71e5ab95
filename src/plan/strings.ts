/** Rewriting the strings of a plan (map's per-row substitution, and explain showing its tokens). */
import type { PlanNode } from "./plan.js";

/**
 * A copy of `plan` with `rewrite` applied to every string for which `affects` holds; parts without one
 * are shared, not copied. Plans are plain data: anything else inside (a lookup's table) is kept as is.
 */
export function rewritePlanStrings(plan: PlanNode, affects: (s: string) => boolean, rewrite: (s: string) => string): PlanNode {
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") return affects(v) ? rewrite(v) : v;
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x) => {
        const y = visit(x);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? out : v;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    let out: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(v)) {
      const y = visit(x);
      if (y !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = y;
    }
    return out ?? v;
  };
  return visit(plan) as PlanNode;
}

/** `plan` with each of map's token sentinels replaced by `values[i]`. */
export function fillMapTokens(plan: PlanNode, tokens: readonly { readonly sentinel: string }[], values: readonly string[]): PlanNode {
  return rewritePlanStrings(
    plan,
    (s) => tokens.some((t) => s.includes(t.sentinel)),
    (s) => tokens.reduce((out, t, i) => out.split(t.sentinel).join(values[i]!), s),
  );
}
