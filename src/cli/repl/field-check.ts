/**
 * EQL has no mapping offline, so a misspelt field would silently match nothing (Elasticsearch would
 * reject it as unknown). The REPL checks EQL field names against the loaded data and suggests the
 * nearest one; `?field` opts out, as in Elasticsearch.
 */
import { diag, didYouMean, type Diagnostic } from "../../diagnostics.js";
import { allExprs, scanViews } from "../../plan/walk.js";
import type { PlanNode } from "../../plan/plan.js";

export function unknownFieldWarnings(plan: PlanNode, knownEcsFields: ReadonlySet<string>): Diagnostic[] {
  if (knownEcsFields.size === 0 || !scanViews(plan).has("ecs")) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of allExprs(plan)) {
    if (e.kind !== "Field" || e.optional || knownEcsFields.has(e.path) || seen.has(e.path)) continue;
    // A prefix of a known field (e.g. `process.parent`) is an object, not a typo.
    if ([...knownEcsFields].some((k) => k.startsWith(e.path + "."))) continue;
    seen.add(e.path);
    const guess = didYouMean(e.path, knownEcsFields);
    out.push(
      diag(
        "unknown-field",
        `\`${e.name}\` is not a field of the loaded events`,
        e.span,
        guess ? `did you mean \`${guess}\`? (write \`?${e.name}\` if it is optional)` : `write \`?${e.name}\` if the field is optional`,
        "warning",
      ),
    );
  }
  return out;
}
