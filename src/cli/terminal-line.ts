/**
 * One line of progress on stderr, redrawn in place: only on a terminal, not with `--quiet`, only once its
 * phase has run `slowMs` (or the caller says the work is big enough to show at once), at most ten redraws
 * a second, erased when done. The load bar and the hunt's phases are each one of these.
 */
const REDRAW_MS = 100;

export interface TerminalLineOptions {
  readonly quiet?: boolean;
  readonly stream?: NodeJS.WriteStream;
  readonly now?: () => number;
}

export interface TerminalLine {
  /**
   * Draw what `render` makes of the seconds since the phase began and the terminal's width, unless it is
   * too soon; `now`: show it even before `slowMs` (a big input).
   */
  draw(render: (seconds: number, columns: number) => string, now?: boolean): void;
  /** Erase the line (if it was drawn). */
  done(): void;
  /** Whether the line was ever drawn (erased or not). */
  readonly shown: boolean;
}

/** The line, or null when there is no terminal to draw on (or `--quiet`). */
export function terminalLine(slowMs: number, opts: TerminalLineOptions = {}): TerminalLine | null {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY) return null;
  const clock = opts.now ?? (() => Date.now());
  const started = clock();
  let lastDraw = 0;
  let drawn = false;
  return {
    draw(render, now = false) {
      const t = clock();
      if (t - lastDraw < REDRAW_MS) return;
      if (!drawn && !now && t - started < slowMs) return;
      lastDraw = t;
      drawn = true;
      stream.write(`\r${render((t - started) / 1000, stream.columns ?? 80)}\u001b[K`);
    },
    done() {
      if (drawn) stream.write("\r\u001b[K");
    },
    get shown() {
      return drawn;
    },
  };
}
