/**
 * A progress bar on stderr while reading input — files, bytes, events per second, the file being read —
 * only on a terminal, only for big inputs (> ~50 MB) or slow ones (> ~2 s), redrawn at most ten times a
 * second, erased when done. `--quiet` turns it off.
 */
import chalk from "chalk";
import type { LoadProgress } from "../model/load.js";
import { terminalLine, type TerminalLineOptions } from "./terminal-line.js";

const BIG_INPUT = 50 * 1024 * 1024;
const SLOW_MS = 2000;
const WIDTH = 20;

export interface ProgressBar {
  readonly onProgress: ((p: LoadProgress) => void) | undefined;
  /** Erase the bar (if it was drawn). */
  done(): void;
  /** Whether the bar was drawn: the reading took long enough to show, so the next phase shows at once. */
  readonly shown: boolean;
}

export function progressBar(opts: TerminalLineOptions = {}): ProgressBar {
  const line = terminalLine(SLOW_MS, opts);
  if (line === null) return { onProgress: undefined, done() {}, shown: false };
  return {
    onProgress: (p) => line.draw((seconds, columns) => renderBar(p, columns, seconds), p.bytesTotal >= BIG_INPUT),
    done: () => line.done(),
    get shown() {
      return line.shown;
    },
  };
}

/** The bar after `seconds` of reading; the file being read takes what room the terminal has left. */
export function renderBar(p: LoadProgress, columns: number, seconds: number): string {
  const ratio = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const filled = Math.round(ratio * WIDTH);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const rate = seconds > 0 ? ` · ${Math.round(p.events / seconds).toLocaleString("en-US")} events/s` : "";
  const text = `${(ratio * 100).toFixed(0).padStart(3)}% · ${p.filesDone}/${p.filesTotal} files · ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB${rate} `;
  const head = `reading ${chalk.cyan("█".repeat(filled))}${chalk.dim("░".repeat(WIDTH - filled))} ${text}`;
  const room = Math.max(0, columns - "reading ".length - WIDTH - 1 - text.length);
  const name = room < 8 ? "" : p.file.length > room ? "…" + p.file.slice(p.file.length - room + 1) : p.file;
  return head + chalk.dim(name);
}
