/**
 * `convert [timeformat=<strftime>] ctime(<field>) [AS <name>] …` — only `ctime` for now.
 * https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/convert
 */
import { diag, didYouMean, type Diagnostic } from "../../../diagnostics.js";
import type { Convert } from "../../../plan/plan.js";
import { defineCommand } from "./define.js";

/** Splunk's default when `timeformat=` is absent. */
export const DEFAULT_TIMEFORMAT = "%m/%d/%Y %H:%M:%S";

const SUPPORTED = new Set(["ctime"]);
/** Every convert function Splunk has; the others are recognised but not implemented yet. */
const KNOWN = ["auto", "ctime", "dur2sec", "memk", "mktime", "mstime", "none", "num", "rmcomma", "rmunit"];

export const convert = defineCommand({
  name: "convert",
  shape: "convertBody",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/convert",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    let timeformat = DEFAULT_TIMEFORMAT;
    for (const opt of body.options) {
      if (opt.name.text.toLowerCase() === "timeformat") timeformat = opt.value.text;
      else
        diagnostics.push(
          diag("unknown-option", `unknown \`convert\` option \`${opt.name.raw}\``, opt.name.span, "only `timeformat=` is allowed"),
        );
    }
    const conversions: Convert["conversions"][number][] = [];
    for (const c of body.conversions) {
      const fn = c.fn.text.toLowerCase();
      if (!SUPPORTED.has(fn)) {
        const known = KNOWN.includes(fn);
        const guess = known ? undefined : didYouMean(fn, KNOWN);
        diagnostics.push(
          diag(
            known ? "unsupported-convert-function" : "unknown-convert-function",
            known ? `\`convert ${c.fn.raw}()\` is not supported yet` : `unknown \`convert\` function \`${c.fn.raw}\``,
            c.fn.span,
            guess ? `did you mean \`${guess}\`?` : "supported: `ctime`",
          ),
        );
        continue;
      }
      conversions.push({ fn, field: c.field.text, ...(c.alias ? { as: c.alias.text } : {}) });
    }
    ctx.diagnostics.push(...diagnostics);
    if (diagnostics.some((d) => d.severity === "error") || !input) return undefined;
    return { kind: "Convert", input, timeformat, conversions, span: node.span };
  },
});
