/**
 * `outlier [action=remove|rm|transform|tf] [mark=<bool>] [param=<num>] [uselower=<bool>] [<field>…]`
 * (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2411/search-commands/outlier);
 * default action transform, param 2.5; what it does: src/engine/exec/outlier.ts. `type=iqr` (the only
 * type older releases named) is accepted.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import { boolOption, itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

const USAGE = "outlier [action=remove|transform] [mark=<bool>] [param=<num>] [uselower=<bool>] [<field>…]";
const ACTIONS: Readonly<Record<string, "remove" | "transform">> = { remove: "remove", rm: "remove", transform: "transform", tf: "transform" };

export const outlier = defineCommand({
  name: "outlier",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2411/search-commands/outlier",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("outlier", body, ["option", "word"], USAGE, diagnostics);
    const opts = readOptions("outlier", body, ["action", "mark", "param", "uselower", "type"], [], diagnostics);
    const actionWord = opts.get("action");
    const action = actionWord ? ACTIONS[actionWord.text.toLowerCase()] : "transform";
    if (!action) diagnostics.push(diag("invalid-option-value", `\`action=${actionWord!.raw}\`: an outlier is removed (\`remove\`, \`rm\`) or transformed (\`transform\`, \`tf\`)`, actionWord!.span));
    const paramWord = opts.get("param");
    const param = paramWord ? Number(paramWord.text) : 2.5;
    if (!(param >= 0) || (paramWord && paramWord.text.trim() === "")) diagnostics.push(diag("invalid-option-value", `\`param=${paramWord!.raw}\` is not a number`, paramWord!.span));
    const typeWord = opts.get("type");
    if (typeWord && typeWord.text.toLowerCase() !== "iqr") diagnostics.push(diag("invalid-option-value", "`type=` takes only `iqr`", typeWord.span));
    const mark = boolOption(opts.get("mark"), false, diagnostics);
    const uselower = boolOption(opts.get("uselower"), false, diagnostics);
    const fields = itemsOf(body, "word").map((w) => w.word.text);
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics) || !action) return undefined;
    return {
      kind: "Outlier",
      input: input ?? ctx.leadingSearchSource(node.span),
      fields: fields.length ? fields : null,
      action,
      mark,
      param,
      uselower,
      span: node.span,
    };
  },
});
