/**
 * The hunt's second phase on a terminal: which rule runs, how many have, and the alerts so far. Like the
 * load bar: stderr only when it is a terminal, only once the phase has taken 2 s, at most ten redraws a
 * second, erased when done; `--quiet` turns it off.
 */
import chalk from "chalk";
import { resultCount } from "../engine/result.js";
import type { RuleRun } from "../hunt/run.js";
import { terminalLine, type TerminalLineOptions } from "./terminal-line.js";

const SLOW_MS = 2000;

export interface RuleProgress {
  readonly onRule: ((run: RuleRun) => void) | undefined;
  done(): void;
}

/**
 * `atOnce`: draw from the first rule on, not after 2 s — the reading bar was shown, so the hunt is big
 * enough that the line going blank while the rules run (a second or so) would look like a stall, and the
 * alerts so far are what the user waited for.
 */
export function ruleProgress(total: number, opts: TerminalLineOptions & { readonly atOnce?: boolean } = {}): RuleProgress {
  const line = terminalLine(SLOW_MS, opts);
  if (line === null) return { onRule: undefined, done() {} };
  let ran = 0;
  let alerts = 0;
  const onRule = (run: RuleRun): void => {
    ran++;
    if (run.result) alerts += resultCount(run.result);
    line.draw((seconds, columns) => renderRuleProgress({ ran, total, alerts, seconds, rule: run.rule.path }, columns), opts.atOnce);
  };
  return { onRule, done: () => line.done() };
}

export function renderRuleProgress(p: { ran: number; total: number; alerts: number; seconds: number; rule: string }, columns: number): string {
  const head = `rules ${p.ran}/${p.total} · ${p.alerts.toLocaleString("en-US")} alerts so far · ${p.seconds.toFixed(0)} s `;
  const room = Math.max(0, columns - head.length - 1);
  const name = p.rule.length > room ? "…" + p.rule.slice(p.rule.length - room + 1) : p.rule;
  return head + chalk.dim(name);
}

/** Preparing a hunt's rules draws sooner than the other phases: nothing else is on the terminal yet. */
const PREPARE_SLOW_MS = 500;

export interface PrepareProgress {
  /** Called as each rule file is prepared: how many are, of all, and the one just done. */
  readonly onFile: ((done: number, total: number, path: string) => void) | undefined;
  done(): void;
}

/**
 * The hunt's first phase on a terminal: reading, expanding and parsing the rule files (~2 s for the 1,566
 * of ESCU and Elastic, less with the rule cache). Shown once it has taken 0.5 s; otherwise like the others.
 */
export function prepareProgress(opts: TerminalLineOptions = {}): PrepareProgress {
  const line = terminalLine(PREPARE_SLOW_MS, opts);
  if (line === null) return { onFile: undefined, done() {} };
  const onFile = (done: number, total: number, path: string): void =>
    line.draw((seconds, columns) => {
      const head = `preparing rules ${done}/${total} · ${seconds.toFixed(1)} s `;
      const room = Math.max(0, columns - head.length - 1);
      const name = room < 8 ? "" : path.length > room ? "…" + path.slice(path.length - room + 1) : path;
      return head + chalk.dim(name);
    });
  return { onFile, done: () => line.done() };
}
