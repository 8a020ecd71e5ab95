/**
 * `transaction [<field>…] [maxspan=<span>] [maxpause=<span>] [maxevents=<int>] [startswith=(<search>)]
 * [endswith=(<search>)] [keepevicted=<bool>] [connected=<bool>]`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/transaction;
 * execution and its rules: engine/exec/transaction.ts). splice groups rows that have every field, so
 * `connected` (which only decides how rows with some of the fields link) changes nothing and is accepted.
 * Options that change the output shape (mvlist, delim, nullstr, …) and startswith/endswith written as a
 * quoted string or `eval(…)` are named as unsupported.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import type { Expr } from "../../../plan/expr.js";
import { lowerSearchExpr } from "../lower-search.js";
import { boolOption, intOption, itemsOf, readOptions, rejectOthers, spanOption } from "./args.js";
import { defineCommand } from "./define.js";

const UNSUPPORTED = ["mvlist", "delim", "mvraw", "nullstr", "unifyends", "keeporphans", "maxopentxn", "maxopenevents", "fields", "startswith", "endswith"];

export const transaction = defineCommand({
  name: "transaction",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/transaction",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("transaction", body, ["option", "optionExpr", "word"], "transaction <field>… [maxspan=5m] [startswith=(<search>)] [endswith=(<search>)]", diagnostics);
    const opts = readOptions("transaction", body, ["maxspan", "maxpause", "maxevents", "keepevicted", "connected"], UNSUPPORTED, diagnostics);
    boolOption(opts.get("connected"), true, diagnostics);
    let startswith: Expr | null = null;
    let endswith: Expr | null = null;
    for (const o of itemsOf(body, "optionExpr")) {
      const name = o.name.text.toLowerCase();
      if (name !== "startswith" && name !== "endswith") {
        diagnostics.push(diag("unknown-option", `\`transaction ${o.name.raw}=( … )\` is not an option`, o.name.span, "`startswith=( … )` and `endswith=( … )` take a search"));
        continue;
      }
      const e = lowerSearchExpr(o.expr, ctx.bindColumn, diagnostics);
      if (name === "startswith") startswith = e;
      else endswith = e;
    }
    const maxspan = spanOption(opts.get("maxspan"), diagnostics);
    const maxpause = spanOption(opts.get("maxpause"), diagnostics);
    const maxevents = intOption(opts.get("maxevents"), 1000, diagnostics);
    const keepevicted = boolOption(opts.get("keepevicted"), false, diagnostics);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return {
      kind: "Transaction",
      input: input ?? ctx.leadingSearchSource(node.span),
      fields: itemsOf(body, "word").map((w) => w.word.text),
      maxspan,
      maxpause,
      maxevents,
      startswith,
      endswith,
      keepevicted,
      span: node.span,
    };
  },
});
