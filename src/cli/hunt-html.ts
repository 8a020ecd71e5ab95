/** `splice hunt --html FILE`: where the report goes, checked before the run, and the write after it. */
import { accessSync, constants, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { HuntRule } from "../hunt/rules.js";
import { huntHtml } from "../hunt/html.js";
import type { HuntSummary } from "../hunt/summary.js";
import { threatsOf, type AttackBundle } from "../hunt/attack-stix.js";
import type { TimelineAlert } from "../hunt/timeline.js";

/**
 * Why FILE cannot take the report, or undefined. Checked before loading the evidence: a hunt can take
 * a minute, and finding out only then that the folder is missing wastes it.
 */
export function reportPathProblem(file: string): string | undefined {
  try {
    const existing = statSync(file, { throwIfNoEntry: false });
    if (existing?.isDirectory()) return `cannot write the report to ${file}: it is a folder`;
    accessSync(existing ? file : path.dirname(path.resolve(file)), constants.W_OK);
  } catch (e) {
    return `cannot write the report to ${file}: ${reason(e)}`;
  }
  return undefined;
}

/** Writes the report; the error message when it cannot. */
export function writeHuntReport(
  file: string,
  summary: HuntSummary,
  alerts: readonly TimelineAlert[],
  context: { readonly rules: readonly HuntRule[]; readonly ruleArgs: readonly string[]; readonly dataArgs: readonly string[]; readonly attack?: AttackBundle | undefined },
): string | undefined {
  const html = huntHtml(summary, alerts, {
    threats: threatsOf(context.rules),
    ...(context.attack ? { attack: context.attack } : {}),
    ruleArgs: context.ruleArgs,
    dataArgs: context.dataArgs,
    generated: new Date().toISOString(),
  });
  try {
    writeFileSync(file, html);
  } catch (e) {
    return `cannot write the report to ${file}: ${reason(e)}`;
  }
  return undefined;
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === "ENOENT" ? "no such folder" : err.code === "EACCES" || err.code === "EPERM" ? "permission denied" : err.code === "EISDIR" ? "it is a folder" : err.code === "ENOTDIR" ? "a part of the path is not a folder" : String(err.message ?? e);
}
