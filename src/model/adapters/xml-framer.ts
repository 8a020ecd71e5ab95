/**
 * Cuts a line stream into `<Event>…</Event>` texts. Handles one-event-per-line XmlWinEventLog,
 * pretty-printed `evtxexport` dumps (events spanning lines), `<Events>` wrappers (several events on
 * one line), and mixed files whose classic `LogName=…` WinEventLog blocks are skipped and only
 * counted (normalization.md §1.1 "mixed text"). Work per line is a couple of indexOf calls.
 */

export type FramedItem =
  | { readonly kind: "event"; readonly text: string; readonly line: number }
  | { readonly kind: "broken"; readonly line: number; readonly reason: string };

/** An event larger than this without `</Event>` is reported as broken rather than buffered forever. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

export class XmlEventFramer {
  /** Classic (non-XML) text blocks skipped so far. */
  classicBlocks = 0;
  /** Of those, blocks that began with a classic `LogName=` header (recognisably WinEventLog text). */
  classicHeaders = 0;
  private open = false;
  private parts: string[] = [];
  private chars = 0;
  private startLine = 0;
  private inClassic = false;
  private runHasHeader = false;

  /** Feed one line (without its newline); appends the events and breakages it completes to `out`. */
  push(line: string, lineNo: number, out: FramedItem[]): void {
    let pos = 0;
    let justOpened = false;
    for (;;) {
      if (!this.open) {
        const start = findEventStart(line, pos);
        if (start < 0) {
          this.outside(line.slice(pos));
          return;
        }
        this.closeRun();
        this.open = true;
        this.startLine = lineNo;
        pos = start;
        justOpened = true;
      }
      const end = line.indexOf("</Event>", pos);
      const next = findEventStart(line, justOpened ? pos + 6 : pos);
      justOpened = false;
      if (next >= 0 && (end < 0 || next < end)) {
        // A new event starts before the open one closed: the open one was cut off.
        this.parts.push(line.slice(pos, next));
        out.push({ kind: "broken", line: this.startLine, reason: truncatedReason(this.parts.join("\n")) });
        this.reset();
        pos = next;
        continue;
      }
      if (end < 0) {
        this.parts.push(line.slice(pos));
        this.chars += line.length - pos;
        if (this.chars > MAX_EVENT_CHARS) {
          out.push({ kind: "broken", line: this.startLine, reason: "XML event larger than 8 MiB without </Event>" });
          this.reset();
        }
        return;
      }
      this.parts.push(line.slice(pos, end + 8));
      out.push({ kind: "event", text: this.parts.length === 1 ? this.parts[0]! : this.parts.join("\n"), line: this.startLine });
      this.reset();
      pos = end + 8;
    }
  }

  /** Call at end of input; an open event is reported as truncated. */
  end(out: FramedItem[]): void {
    this.closeRun();
    if (this.open) {
      out.push({ kind: "broken", line: this.startLine, reason: truncatedReason(this.parts.join("\n")) });
      this.reset();
    }
  }

  /**
   * Text outside any event: blank, wrapper markup, or classic text. Classic blocks are counted by
   * their `LogName=` header line; a run of other text without one counts as one block.
   */
  private outside(text: string): void {
    const t = text.trim();
    if (t === "") return;
    // `<?xml …?>`, `<Events>`, `</Events>` wrapper markup between events (or markup quoted inside
    // a classic message, which must not split its block).
    if (t.charCodeAt(0) === 0x3c) return;
    this.inClassic = true;
    if (t.startsWith("LogName=")) {
      this.classicBlocks++;
      this.classicHeaders++;
      this.runHasHeader = true;
    }
  }

  /** End of a run of classic text (an event starts, or input ends). */
  closeRun(): void {
    if (this.inClassic && !this.runHasHeader) this.classicBlocks++;
    this.inClassic = false;
    this.runHasHeader = false;
  }

  private reset(): void {
    this.open = false;
    this.parts = [];
    this.chars = 0;
  }
}

/** Index of the next `<Event` start tag (not `<Events`, not `<EventData>`) at or after `from`, or -1. */
function findEventStart(line: string, from: number): number {
  let i = line.indexOf("<Event", from);
  while (i >= 0) {
    const c = line.charCodeAt(i + 6);
    if (Number.isNaN(c) || c === 0x20 || c === 0x3e || c === 0x09 || c === 0x2f || c === 0x0d) return i;
    i = line.indexOf("<Event", i + 6);
  }
  return -1;
}

function truncatedReason(partial: string): string {
  const rec = /<EventRecordID>(\d+)</.exec(partial);
  return `truncated XML event (no </Event>)${rec ? `, EventRecordID ${rec[1]}` : ""}`;
}
