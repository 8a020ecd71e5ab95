/**
 * `foreach [mode=multifield|multivalue|json_array|auto_collections] <wildcard-field>… | <field>
 * [fieldstr=…] [matchstr=…] [matchseg1=…] [matchseg2=…] [matchseg3=…] [itemstr=…] [iterstr=…] [ <subsearch> ]`
 * (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/foreach): the
 * subsearch is a template, run once per matched field (multifield) or per element of a field in each row
 * (multivalue: its values; json_array: the elements of the JSON array it holds; auto_collections: either),
 * with `<<FIELD>>`, `<<MATCHSTR>>`, `<<MATCHSEG1>>`…, `<<ITEM>>`, `<<ITER>>` replaced.
 *
 * The template tokens are not SPL (`<<FIELD>>` lexes as two `<`): before the subsearch is parsed, each is
 * swapped for a word of the same length (`@@FIELD@@`), so every span and caret stays where it was
 * written; run time puts the iteration's text in place of the word (src/engine/exec/foreach.ts).
 */
import { diag, hasErrors, type Diagnostic, type Span } from "../../../diagnostics.js";
import type { ForeachSentinels, PlanNode } from "../../../plan/plan.js";
import { itemsOf, readOptions, rejectOthers } from "./args.js";
import { defineCommand } from "./define.js";

const USAGE = "foreach <wildcard-field>… [ eval <<FIELD>> = … ]";
const MODES = ["multifield", "multivalue", "json_array", "auto_collections"] as const;
type Mode = (typeof MODES)[number];

/** Template options and the token each stands for when not given. */
const TEMPLATES = [
  ["fieldstr", "<<FIELD>>"],
  ["matchstr", "<<MATCHSTR>>"],
  ["matchseg1", "<<MATCHSEG1>>"],
  ["matchseg2", "<<MATCHSEG2>>"],
  ["matchseg3", "<<MATCHSEG3>>"],
  ["itemstr", "<<ITEM>>"],
  ["iterstr", "<<ITER>>"],
] as const;

type TemplateOption = (typeof TEMPLATES)[number][0];

/**
 * The word standing for a template: as long as it, made of characters SPL reads as part of a name, and
 * with `@` in it, which no plan string holds but a sentinel (run time rewrites every string that has one).
 * A sentinel stands for itself, so the options the pre-pass rewrote lower to the same words.
 */
function sentinelOf(option: TemplateOption, template: string): string {
  const at = TEMPLATES.findIndex(([o]) => o === option);
  const standard = TEMPLATES[at]![1];
  if (template === standard) return standard.replace(/[<>]/g, "@");
  const custom = (t: string) => `@${"FMabcIT"[at]}${"@".repeat(t.length)}`.slice(0, t.length);
  return template === standard.replace(/[<>]/g, "@") || template === custom(template) ? template : custom(template);
}

/**
 * Each template option written before the subsearch (`fieldstr="#f#"`, `itemstr=<<NUMBER>>`): its template,
 * and where its value stands in `head` when written bare (a bare `<` ends an SPL word, so that value must
 * become a word too).
 */
function templatesIn(head: string): Map<TemplateOption, { readonly template: string; readonly bare?: Span }> {
  const out = new Map<TemplateOption, { template: string; bare?: Span }>();
  for (const [option, standard] of TEMPLATES) {
    const m = new RegExp(`\\b${option}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\["\\\\])*)"|([^\\s\\[]+))`, "i").exec(head);
    if (!m) out.set(option, { template: standard });
    else if (m[1] !== undefined) out.set(option, { template: m[1].replace(/\\(["\\])/g, "$1") });
    else out.set(option, { template: m[2]!, bare: { start: m.index + m[0].length - m[2]!.length, end: m.index + m[0].length } });
  }
  return out;
}

/**
 * The foreach command in `text.slice(seg.start, seg.end)` with its template tokens replaced by their words
 * inside its subsearches, and its bare template option values too. Same length as `text`: every span and
 * caret stays where it was written.
 */
export function withForeachSentinels(text: string, seg: { readonly start: number; readonly end: number; readonly subsearches: readonly Span[] }): string {
  const headEnd = seg.subsearches[0]?.start ?? seg.end;
  const chars = text.split("");
  const put = (at: number, word: string) => word.split("").forEach((c, i) => (chars[at + i] = c));
  for (const [option, { template, bare }] of templatesIn(text.slice(seg.start, headEnd))) {
    // A template shorter than 3 characters has no word of its length; lowering names it.
    if (template.length < 3) continue;
    const word = sentinelOf(option, template);
    if (bare) put(seg.start + bare.start, word);
    for (const sub of seg.subsearches) {
      for (let at = text.indexOf(template, sub.start); at >= 0 && at + template.length <= sub.end; at = text.indexOf(template, at + template.length)) put(at, word);
    }
  }
  return chars.join("");
}

export const foreach = defineCommand({
  name: "foreach",
  shape: "args",
  generating: false,
  doc: "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/foreach",
  lower(body, input, ctx, node) {
    const diagnostics: Diagnostic[] = [];
    rejectOthers("foreach", body, ["option", "word", "subsearch"], USAGE, diagnostics);
    const opts = readOptions("foreach", body, ["mode", ...TEMPLATES.map(([o]) => o)], [], diagnostics);
    const modeWord = opts.get("mode");
    const mode = (modeWord?.text.toLowerCase() ?? "multifield") as Mode;
    if (modeWord && !MODES.includes(mode)) {
      diagnostics.push(diag("invalid-option-value", `unknown \`foreach\` mode \`${modeWord.raw}\``, modeWord.span, `modes: ${MODES.join(", ")}`));
    }
    // The modes that iterate over the elements of one field, per row.
    const perValue = mode !== "multifield";
    const sentinels = {} as Record<TemplateOption, string>;
    for (const [option, standard] of TEMPLATES) {
      const w = opts.get(option);
      const template = w?.text ?? standard;
      if (template.length < 3) {
        diagnostics.push(diag("unsupported-option", `a \`${option}\` template shorter than 3 characters is not supported`, w!.span, `write a longer template, e.g. \`${option}="${standard}"\``));
      }
      sentinels[option] = sentinelOf(option, template);
    }
    const words = itemsOf(body, "word");
    if (words.length === 0) diagnostics.push(diag("missing-argument", perValue ? `\`foreach mode=${mode}\` needs the field to iterate over` : "`foreach` needs the fields to iterate over", node.nameSpan, `write \`${USAGE}\``));
    if (perValue && words.length > 1) {
      diagnostics.push(diag("unexpected-token", `\`foreach mode=${mode}\` iterates over one field`, words[1]!.span, "name one field"));
    }
    const subs = itemsOf(body, "subsearch");
    if (subs.length !== 1) {
      diagnostics.push(diag(subs.length ? "unexpected-token" : "missing-subsearch", subs.length ? "`foreach` takes one subsearch" : "`foreach` needs a subsearch `[ … ]`", subs[1]?.span ?? node.span, `write \`${USAGE}\``));
    }
    ctx.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) return undefined;
    const leaf: PlanNode = { kind: "PipeInput", span: subs[0]!.span };
    const pipe = ctx.lowerSubpipeline(subs[0]!.subsearch.pipeline, leaf);
    if (!pipe) return undefined;
    // "Only a single eval statement is permitted … with the multivalue mode or json_array mode" (the docs).
    if (perValue && !(pipe.kind === "Eval" && pipe.input === leaf)) {
      ctx.diagnostics.push(diag("unsupported-foreach-body", `\`foreach mode=${mode}\` runs one \`eval\``, subs[0]!.span, "write `[eval total = total + <<ITEM>>]` (several assignments go in the one eval, comma-separated)"));
      return undefined;
    }
    const planSentinels: ForeachSentinels = {
      field: sentinels.fieldstr,
      matchstr: sentinels.matchstr,
      matchseg: [sentinels.matchseg1, sentinels.matchseg2, sentinels.matchseg3],
      item: sentinels.itemstr,
      iter: sentinels.iterstr,
    };
    return { kind: "Foreach", input: input ?? ctx.leadingSearchSource(node.span), mode, fields: words.map((w) => w.word.text), pipe, sentinels: planSentinels, span: node.span };
  },
});
