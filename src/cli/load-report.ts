/**
 * What a load says on stderr: real problems first (file:line and the reason), then notes (expected
 * skips, files that are not logs), then the records skipped per file. Each part is capped on its own, so
 * a thousand notes never hide a warning; records read twice from sibling renderings of one log
 * (`X.evtx` beside `X.evtxexport.xml`) are counted once by design and summed up in one note.
 */
import type { FileSummary, LoadResult, LoadWarning } from "../model/load.js";
import { displayPath } from "../model/ecs-document.js";

/** How many of each kind of line to show; `Infinity` for `--warnings all`. */
export const DEFAULT_WARNINGS_SHOWN = 20;

export const WARNINGS_OPTION_HELP = `  --warnings N|all            load warnings to print (default ${DEFAULT_WARNINGS_SHOWN}; notes and per-file summaries are
                              capped alike; 'all' prints every one)`;

/** `--warnings` value → how many lines of each kind to show, or an error message. */
export function parseWarningsOption(value: string | undefined): number | { error: string } {
  if (value === undefined) return DEFAULT_WARNINGS_SHOWN;
  if (value === "all") return Infinity;
  const n = Number(value);
  if (value.trim() !== "" && Number.isInteger(n) && n >= 0) return n;
  return { error: `--warnings must be a whole number or 'all', not '${value}'` };
}

export interface ReportOptions {
  /** Lines of each kind to show (default 20). */
  readonly shown?: number;
  /** Problems only: no notes, no "more" counts. */
  readonly problemsOnly?: boolean;
  readonly write?: (text: string) => void;
}

export function reportLoad(loaded: Pick<LoadResult, "warnings" | "files">, opts: ReportOptions = {}): void {
  const write = opts.write ?? ((t: string) => void process.stderr.write(t));
  const cap = opts.shown ?? DEFAULT_WARNINGS_SHOWN;
  const more = (n: number, what: string) =>
    n > 0 && !opts.problemsOnly ? [`${what}: … ${n} more (--warnings all shows every one)`] : [];
  const lines: string[] = [];
  const problems = loaded.warnings.filter((w) => w.severity !== "info");
  lines.push(...problems.slice(0, cap).map((w) => `warning: ${warningText(w)}`), ...more(problems.length - cap, "warning"));
  if (!opts.problemsOnly) {
    const notes = loaded.warnings.filter((w) => w.severity === "info");
    lines.push(...notes.slice(0, cap).map((w) => `note: ${warningText(w)}`), ...more(notes.length - cap, "note"));
    lines.push(...duplicateNotes(loaded.files, cap));
  }
  const skipping = loaded.files.filter((f) => f.skipped > f.duplicates);
  lines.push(
    ...skipping.slice(0, cap).map((f) => `skipped ${f.skipped - f.duplicates} of ${f.records} records in ${displayPath(f.file)}`),
    ...(skipping.length > cap && !opts.problemsOnly ? [`… and ${skipping.length - cap} more files with skipped records (--warnings all lists them)`] : []),
  );
  if (lines.length) write(lines.join("\n") + "\n");
}

function warningText(w: LoadWarning): string {
  const at = w.record !== undefined ? ` record ${w.record}` : w.line !== undefined ? `:${w.line}` : "";
  return `${displayPath(w.file)}${at}: ${w.reason}`;
}

/** One line for all of them; one per file with `--warnings all`. */
function duplicateNotes(files: readonly FileSummary[], cap: number): string[] {
  const dup = files.filter((f) => f.duplicates > 0);
  if (dup.length === 0) return [];
  const what = "already read from a sibling rendering of the same log (X.evtx beside X.evtxexport.xml), counted once";
  if (cap === Infinity || dup.length === 1) return dup.map((f) => `note: ${displayPath(f.file)}: ${f.duplicates} record(s) ${what}`);
  const records = dup.reduce((n, f) => n + f.duplicates, 0);
  return [`note: ${records} record(s) in ${dup.length} files ${what}`];
}
