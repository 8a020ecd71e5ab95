/**
 * The hunt's second phase on a terminal: which rule runs, how many have, and the alerts so far. Like the
 * load bar: stderr only when it is a terminal, only once the phase has taken 2 s, at most ten redraws a
 * second, erased when done; `--quiet` turns it off.
 */
import chalk from "chalk";
import { resultCount } from "../engine/result.js";
import type { RuleRun } from "../hunt/run.js";

const SLOW_MS = 2000;
const REDRAW_MS = 100;

export interface RuleProgress {
  readonly onRule: ((run: RuleRun) => void) | undefined;
  done(): void;
}

export function ruleProgress(total: number, opts: { quiet?: boolean; stream?: NodeJS.WriteStream; now?: () => number } = {}): RuleProgress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY) return { onRule: undefined, done() {} };
  const now = opts.now ?? (() => Date.now());
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  let ran = 0;
  let alerts = 0;
  const onRule = (run: RuleRun): void => {
    ran++;
    if (run.result) alerts += resultCount(run.result);
    const t = now();
    if (t - lastDraw < REDRAW_MS || t - started < SLOW_MS) return;
    lastDraw = t;
    drawn = true;
    stream.write(`\r${renderRuleProgress({ ran, total, alerts, seconds: (t - started) / 1000, rule: run.rule.path }, stream.columns ?? 80)}\u001b[K`);
  };
  return {
    onRule,
    done() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
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
export function prepareProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream; now?: () => number } = {}): PrepareProgress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY) return { onFile: undefined, done() {} };
  const now = opts.now ?? (() => Date.now());
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  const onFile = (done: number, total: number, path: string): void => {
    const t = now();
    if (t - lastDraw < REDRAW_MS || t - started < PREPARE_SLOW_MS) return;
    lastDraw = t;
    drawn = true;
    const head = `preparing rules ${done}/${total} · ${((t - started) / 1000).toFixed(1)} s `;
    const room = Math.max(0, (stream.columns ?? 80) - head.length - 1);
    const name = room < 8 ? "" : path.length > room ? "…" + path.slice(path.length - room + 1) : path;
    stream.write(`\r${head}${chalk.dim(name)}\u001b[K`);
  };
  return {
    onFile,
    done() {
      if (drawn) stream.write("\r\u001b[K");
    },
  };
}
