/**
 * `spath [input=<field>] [output=<field>] [path=<datapath> | <datapath>]`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/spath); what it
 * extracts: src/engine/exec/spath.ts. A numeric index step (`a{2}`) is an error: the reference says only
 * that JSON and XML count positions differently, so splice does not guess.
 */
import { diag, hasErrors, type Diagnostic } from "../../../diagnostics.js";
import type { SpathStep } from "../../../plan/plan.js";
import type { SplWord } from "../ast.js";
import { itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

const USAGE = "spath [input=<field>] [output=<field>] [path=]<path>";
const STEP = /^([^{}]+?)(?:\{(?:(@[^{}]+)|(\d+))?\})?$/;

export const spath = defineCommand({
  name: "spath",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/spath",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("spath", body, ["option", "word"], USAGE, diagnostics);
    const opts = readOptions("spath", body, ["input", "output", "path"], [], diagnostics);
    const words = itemsOf(body, "word").map((w) => w.word);
    const pathWord = opts.get("path") ?? words[0];
    const extra = opts.has("path") ? words[0] : words[1];
    if (extra) diagnostics.push(diag("unexpected-token", "`spath` takes one path", extra.span, `write \`${USAGE}\``));
    const output = opts.get("output");
    if (output && !pathWord) diagnostics.push(diag("invalid-option", "`output=` needs a path: without one spath extracts every field under its own name", output.span, "add `path=<path>`, or drop `output=`"));
    const path = pathWord ? parsePath(pathWord, diagnostics) : null;
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    return {
      kind: "Spath",
      input: input ?? ctx.leadingSearchSource(node.span),
      field: opts.get("input")?.text ?? "_raw",
      path,
      pathText: pathWord?.text ?? null,
      output: output?.text ?? null,
      span: node.span,
    };
  },
});

function parsePath(word: SplWord, diagnostics: Diagnostic[]): SpathStep[] | null {
  const steps: SpathStep[] = [];
  // Dots inside braces (`{@xml:lang}` has none, but a name may) do not split steps.
  const parts = word.text.match(/(?:[^.{]|\{[^}]*\})+/g) ?? [];
  for (const part of parts) {
    const m = STEP.exec(part);
    if (!m) {
      diagnostics.push(diag("invalid-spath-path", `\`${part}\` is not a location step`, word.span, "write `name`, `name{}` or `name{@attribute}` steps joined with `.`"));
      return null;
    }
    if (m[3] !== undefined) {
      diagnostics.push(
        diag("unsupported-spath-index", `\`${part}\`: a numeric index is not supported`, word.span, "use `{}` for every element (a multivalue) and `mvindex` to pick one"),
      );
      return null;
    }
    steps.push({ name: m[1]!, index: m[2] !== undefined ? { attribute: m[2].slice(1) } : part.endsWith("{}") ? "all" : "none" });
  }
  if (steps.length === 0) diagnostics.push(diag("invalid-spath-path", "empty path", word.span, `write \`${USAGE}\``));
  return steps.length ? steps : null;
}
