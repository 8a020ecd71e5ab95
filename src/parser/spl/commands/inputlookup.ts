/**
 * `| inputlookup <lookup> [where <search-expression>]` — the rows of a CSV lookup
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/inputlookup).
 * A generating command; ESCU uses it inside subsearches. A `.csv` file name finds the definition
 * whose name is the file name without `.csv` when there is no definition of that exact name.
 * `append=`, `start=`, `max=` are named as unsupported; KV-store and other lookups without rows offline
 * are errors (an empty table would silently match nothing).
 */
import { diag, didYouMean, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { resolveLookup } from "../../../lookups/index.js";
import type { PlanNode } from "../../../plan/plan.js";
import { lowerSearchExpr } from "../lower-search.js";
import { itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

export const inputlookup = defineCommand({
  name: "inputlookup",
  shape: "args",
  generating: true,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/inputlookup",
  lower(body, _input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("inputlookup", body, ["option", "word", "where"], "| inputlookup <lookup> [where <search>]", diagnostics);
    readOptions("inputlookup", body, [], ["append", "start", "max"], diagnostics);
    const words = itemsOf(body, "word");
    if (words.length !== 1) {
      diagnostics.push(diag(words.length ? "unexpected-token" : "missing-argument", words.length ? "`inputlookup` reads one lookup" : "`inputlookup` needs a lookup name", words[1]?.span ?? node.nameSpan));
      ctx.diagnostics.push(...diagnostics);
      return undefined;
    }
    const nameWord = words[0]!.word;
    const name = nameWord.text;
    const entry = resolveLookup(ctx.lookups, name) ?? (name.endsWith(".csv") ? resolveLookup(ctx.lookups, name.slice(0, -4)) : undefined);
    if (!entry) {
      const guess = ctx.lookups ? didYouMean(name, ctx.lookups.names()) : undefined;
      diagnostics.push(diag("unknown-lookup", `unknown lookup \`${name}\``, nameWord.span, guess ? `did you mean \`${guess}\`?` : ctx.lookups ? "no lookup definition has this name" : "no lookups were loaded: pass `--lookups <dir>`"));
    } else if (entry.kind !== "table") {
      diagnostics.push(diag("unsupported-lookup", `lookup \`${name}\` has no rows offline: ${entry.reason}`, nameWord.span, "`inputlookup` runs over CSV lookups only"));
    }
    const where = itemsOf(body, "where")[0];
    const predicate = where ? lowerSearchExpr(where.expr, ctx.bindColumn, diagnostics) : undefined;
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !entry || entry.kind !== "table") return undefined;
    const rows: PlanNode = { kind: "Rows", name: entry.table.name, columns: entry.table.columns, rows: entry.table.rows, span: node.span };
    return predicate ? { kind: "Filter", input: rows, predicate, span: where!.span } : rows;
  },
});
