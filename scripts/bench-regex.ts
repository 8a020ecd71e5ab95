/**
 * Regex engines on the patterns real rules use: every literal PCRE (SPL regex, rex, match(), replace(),
 * makemv) and Lucene regex (EQL regex/regex~) in the ESCU and Elastic rule corpora under ../shared/rules
 * (read at run time: the Elastic rules may not be copied into the repo), each tested against the same
 * command lines (the OTRF Sysmon 1 / 4688 records, else the shipped cut). Ours is engine/regex (RE2 via
 * re2js); the baseline is JS RegExp on the translation splice used before (the same semantics). Patterns
 * that need the backtracking engine are counted and left out of both timings.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { compileUserRegex, regexPlan, type RegexFlavour } from "../src/engine/regex/index.js";
import { luceneToRegExp } from "../src/engine/functions/lucene-regex.js";
import { pcreToJs } from "../src/engine/regex/pcre.js";
import { loadFiles } from "../src/model/load.js";
import { allExprs, planInputs } from "../src/plan/walk.js";
import { findRuleFiles, loadRuleFile, prepareRuleFile } from "../src/rules/index.js";

export interface RegexBenchRow {
  readonly corpus: string;
  readonly flavour: RegexFlavour;
  readonly patterns: number;
  /** Patterns left out: they need the backtracking engine. */
  readonly backtracking: number;
  readonly subjects: number;
  readonly oursSeconds: number;
  readonly jsSeconds: number;
  /** The pattern JS RegExp spent longest on, and both engines' time on it. */
  readonly worst: { readonly pattern: string; readonly jsSeconds: number; readonly oursSeconds: number };
  readonly hitsAgree: boolean;
}

interface Pattern {
  readonly text: string;
  readonly flavour: RegexFlavour;
  readonly ci: boolean;
}

/** Literal patterns of every rule under `dir` (deduplicated). */
function patternsOf(dir: string): Pattern[] {
  const seen = new Map<string, Pattern>();
  for (const path of findRuleFiles(dir)) {
    const plan = prepareRuleFile(loadRuleFile(path)).rule.plan;
    if (!plan) continue;
    for (const e of allExprs(plan)) {
      if (e.kind === "Match" && (e.syntax === "pcre" || e.syntax === "lucene-regex")) {
        for (const p of e.patterns) {
          const flavour = e.syntax === "pcre" ? "pcre" : "lucene";
          seen.set(`${flavour}/${e.caseInsensitive}/${p}`, { text: p, flavour, ci: e.caseInsensitive });
        }
      }
      if (e.kind === "Call" && ["match", "replace", "makemvTokenize"].includes(e.fn)) {
        const lit = e.args[1];
        if (lit?.kind === "Literal" && typeof lit.value === "string") seen.set(`pcre/false/${lit.value}`, { text: lit.value, flavour: "pcre", ci: false });
      }
    }
    const stack = [plan];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.kind === "Rex") seen.set(`pcre/false/${n.pattern}`, { text: n.pattern, flavour: "pcre", ci: false });
      stack.push(...planInputs(n));
    }
  }
  return [...seen.values()];
}

function jsRegExp(p: Pattern): RegExp {
  if (p.flavour === "lucene") return luceneToRegExp(p.text, p.ci);
  const { source, flags } = pcreToJs(p.text, p.ci);
  return new RegExp(source, flags);
}

function timed(fn: () => number, repeat: number): { seconds: number; hits: number } {
  let best = Infinity;
  let hits = 0;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    hits = fn();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return { seconds: best, hits };
}

export async function benchRegex(shared: string, repo: string, opts: { repeat: number }): Promise<RegexBenchRow[]> {
  const otrf = join(shared, "datasets", "otrf");
  const loaded = await loadFiles([existsSync(otrf) ? otrf : join(repo, "datasets", "otrf-empire-wmic")]);
  const subjects = loaded.events.flatMap((e) => {
    const v = e.ecs["process.command_line"];
    return typeof v === "string" ? [v] : [];
  });
  const rows: RegexBenchRow[] = [];
  for (const [corpus, dir] of [
    ["ESCU", join(shared, "rules", "escu", "detections")],
    ["Elastic", join(shared, "rules", "elastic", "windows")],
  ] as const) {
    if (!existsSync(dir)) continue;
    const all = patternsOf(dir);
    for (const flavour of ["pcre", "lucene"] as const) {
      const mine = all.filter((p) => p.flavour === flavour);
      if (mine.length === 0) continue;
      const linear = mine.filter((p) => !regexPlan(p.text, flavour).backtracking && !regexPlan(p.text, flavour).error);
      let oursSeconds = 0;
      let jsSeconds = 0;
      let hitsAgree = true;
      let worst = { pattern: "", jsSeconds: -1, oursSeconds: 0 };
      for (const p of linear) {
        const ours = compileUserRegex(p.text, flavour, p.ci);
        const js = jsRegExp(p);
        const o = timed(() => subjects.reduce((n, s) => n + (ours.test(s) ? 1 : 0), 0), opts.repeat);
        const j = timed(() => subjects.reduce((n, s) => n + (js.test(s) ? 1 : 0), 0), opts.repeat);
        oursSeconds += o.seconds;
        jsSeconds += j.seconds;
        if (o.hits !== j.hits) hitsAgree = false;
        if (j.seconds > worst.jsSeconds) worst = { pattern: p.text, jsSeconds: j.seconds, oursSeconds: o.seconds };
      }
      rows.push({ corpus, flavour, patterns: mine.length, backtracking: mine.length - linear.length, subjects: subjects.length, oursSeconds, jsSeconds, worst, hitsAgree });
    }
  }
  return rows;
}
