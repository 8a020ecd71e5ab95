/**
 * The rules of a hunt: every rule file named or found under the folders given (ESCU YAML, Elastic TOML,
 * .spl, .eql, .kql, mixed), read and prepared once, each with its gate — which kinds of events it can read — so
 * the hunt hands each rule only those. A rule that cannot run is kept with the reason, for the summary.
 */
import { statSync } from "node:fs";
import { formatDiagnostic, type Diagnostic } from "../diagnostics.js";
import { leafKindGate, type KindView } from "../engine/no-events.js";
import { leafScans } from "../engine/prefilter.js";
import type { PlanNode } from "../plan/plan.js";
import { findRuleFiles, loadRuleFile, ruleFormatOf, unreadEscuFoldersNotes, type UnreadEscuFolders } from "../rules/load.js";
import { prepareRuleFile, type PrepareFileOptions, type PreparedRuleFile } from "../rules/prepare.js";
import { isUnsupportedCode } from "../rules/corpus.js";

export interface HuntRule {
  readonly path: string;
  readonly prepared: PreparedRuleFile;
  readonly plan: PlanNode;
  /** True iff some leaf of the rule can read events of this kind (`leafKindGate`). */
  readonly gate: (kind: KindView) => boolean;
}

export interface SkippedRule {
  readonly path: string;
  readonly name: string;
  readonly status: "unsupported" | "failed";
  /** The first error, one line (`code: message`). */
  readonly reason: string;
  /** That error with its caret, for `--verbose`. */
  readonly detail?: string;
}

export interface HuntRules {
  readonly rules: readonly HuntRule[];
  readonly skipped: readonly SkippedRule[];
  /** Arguments that name neither a rule file nor a folder (reported, exit 2). */
  readonly problems: readonly string[];
  /** What the folders named hold but the hunt does not read (an ESCU checkout's other folders), for stderr. */
  readonly notes: readonly string[];
}

/** The rules and skipped rules prepared of some files: what the arguments said aside. */
export type PreparedFiles = Omit<HuntRules, "problems" | "notes">;

/** Rule files from the arguments, in order, each once; folders are walked as `splice test` walks them. */
export function ruleFilesOf(args: readonly string[]): { files: string[]; problems: string[]; notes: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const unread: UnreadEscuFolders[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    if (!seen.has(p)) files.push(p), seen.add(p);
  };
  for (const arg of args) {
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      problems.push(`no such rule file or folder: ${arg}`);
      continue;
    }
    if (isDir) {
      const found = findRuleFiles(arg, unread);
      if (found.length === 0) problems.push(`no rule files (.yml, .toml, .spl, .eql, .kql) under ${arg}`);
      found.forEach(add);
    } else if (ruleFormatOf(arg)) add(arg);
    else problems.push(`not a rule file (.yml, .toml, .spl, .eql or .kql): ${arg}`);
  }
  return { files, problems, notes: unreadEscuFoldersNotes(unread) };
}

/** `progress`: called as each rule file is prepared (the hunt's terminal line). */
export function prepareHuntRules(args: readonly string[], opts: PrepareFileOptions = {}, progress?: PrepareProgressFn): HuntRules {
  const { files, problems, notes } = ruleFilesOf(args);
  return { ...prepareHuntFiles(files, opts, undefined, progress), problems, notes };
}

/**
 * `prepareHuntRules` with the files prepared by `prepareFiles` — `prepareHuntFiles`, or one that shares them
 * with another thread (`ViewThread.prepareFiles`) and gives the same in the same order.
 */
export async function prepareHuntRulesWith(prepareFiles: FilesPreparer, args: readonly string[], opts: PrepareFileOptions = {}, progress?: PrepareProgressFn): Promise<HuntRules> {
  const { files, problems, notes } = ruleFilesOf(args);
  return { ...(await prepareFiles(files, opts, undefined, progress)), problems, notes };
}

/** What `prepareHuntFiles` does, possibly on more than one thread. */
export type FilesPreparer = (
  files: readonly string[],
  opts: PrepareFileOptions,
  onFile?: (prepared: PreparedRuleFile, ready: HuntRule | SkippedRule) => void,
  progress?: PrepareProgressFn,
) => PreparedFiles | Promise<PreparedFiles>;

/** How many rule files are prepared, of all, and the one just done. */
export type PrepareProgressFn = (done: number, total: number, path: string) => void;

/**
 * Rule files read and prepared in order, sharing macro and lookup folders; `onFile` sees each file's
 * preparation and what it came to (the rule cache stores them).
 */
export function prepareHuntFiles(
  files: readonly string[],
  opts: PrepareFileOptions,
  onFile?: (prepared: PreparedRuleFile, ready: HuntRule | SkippedRule) => void,
  progress?: PrepareProgressFn,
): PreparedFiles {
  const shared: PrepareFileOptions = { macroCache: new Map(), lookupCache: new Map(), ...opts };
  const rules: HuntRule[] = [];
  const skipped: SkippedRule[] = [];
  for (const path of files) {
    const prepared = prepareRuleFile(loadRuleFile(path), shared);
    const ready = huntRuleOf(path, prepared);
    if ("prepared" in ready) rules.push(ready);
    else skipped.push(ready);
    onFile?.(prepared, ready);
    progress?.(rules.length + skipped.length, files.length, path);
  }
  return { rules, skipped };
}

/** The prepared file as a hunt rule, or as a rule skipped with its first error when it has no plan. */
export function huntRuleOf(path: string, prepared: PreparedRuleFile): HuntRule | SkippedRule {
  const file = prepared.file;
  const plan = prepared.rule.plan;
  if (!plan) {
    const first: Diagnostic | undefined = prepared.diagnostics.find((d) => d.severity === "error");
    return {
      path,
      name: file.meta?.name ?? path,
      status: first && isUnsupportedCode(first.code) ? "unsupported" : "failed",
      reason: first ? `${first.code}: ${first.message}` : "internal-error: the rule produced no plan",
      ...(first ? { detail: formatDiagnostic(first, file.source) } : {}),
    };
  }
  return { path, prepared, plan, gate: ruleGate(plan, prepared) };
}

function ruleGate(plan: PlanNode, prepared: PreparedRuleFile): (kind: KindView) => boolean {
  const meta = prepared.file.meta;
  // `event_category_override` makes categories read another field, which kinds do not hold: any ECS kind.
  if (meta?.kind === "elastic" && meta.eventCategoryOverride) return (k) => k.view === "ecs";
  const gates = leafScans(plan).map((leaf) => leafKindGate(leaf));
  return gates.length === 1 ? gates[0]! : (k) => gates.some((g) => g(k));
}
