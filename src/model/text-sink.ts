/**
 * Consumes the lines of one text file and feeds records to the collector. The format is sniffed from
 * content, not the name: first non-blank character `{`/`[` → JSON (NDJSON when a line parses on its
 * own, else a whole document), anything else → Windows XML text (events framed across lines,
 * classic WinEventLog text blocks skipped and counted once).
 */
import type { Collector, FileTally } from "./load-collector.js";
import { unwrapDocuments } from "./adapters/ecs-json.js";
import { splitJsonRecords, stripLineComments } from "./adapters/json-split.js";
import { parseEventXml } from "./adapters/xml-event.js";
import { XmlEventFramer, type FramedItem } from "./adapters/xml-framer.js";
import { jsonTooDeep, tooDeepReason } from "./json-depth.js";

type Mode = "undecided" | "xml" | "ndjson" | "json-document";

export class TextSink {
  private mode: Mode = "undecided";
  private framer: XmlEventFramer | null = null;
  private readonly framed: FramedItem[] = [];
  /** Lines held while the JSON flavour is undecided, or the whole document in document mode. */
  private held: string[] = [];
  private heldFirstLine = 1;
  private jsonProbeLines = 0;
  /** Line number of the first non-blank line (where a refused file is reported). */
  private firstTextLine = 1;

  /**
   * `ndjson`: the format is already known (a block of an NDJSON file read by a worker thread), every
   * line is a record; `fileStart` says whether line 1 is the file's first line (may carry a BOM).
   */
  private bomAllowed = true;

  constructor(
    private readonly collector: Collector,
    private readonly tally: FileTally,
    known?: { readonly mode: "ndjson"; readonly fileStart: boolean },
  ) {
    if (known) {
      this.mode = known.mode;
      this.tally.format = known.mode;
      this.bomAllowed = known.fileStart;
    }
  }

  line(text: string, no: number): void {
    if (no === 1 && this.bomAllowed && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
    switch (this.mode) {
      case "xml":
        return this.xmlLine(text, no);
      case "ndjson":
        return this.ndjsonLine(text, no);
      case "json-document":
        this.held.push(text);
        return;
      case "undecided":
        return this.sniff(text, no);
    }
  }

  end(): void {
    switch (this.mode) {
      case "xml": {
        this.framer!.end(this.framed);
        this.drainFramed();
        const blocks = this.framer!.classicBlocks;
        if (this.tally.records === 0) return this.refuse(blocks, this.framer!.classicHeaders);
        if (blocks) {
          // Each block is a record that was read and not loaded: counted on both sides (records = events + skipped).
          this.tally.records += blocks;
          this.tally.skipped += blocks;
          this.collector.info(this.tally.file, `skipped ${blocks} classic (non-XML) WinEventLog text block(s)`);
        }
        return;
      }
      case "undecided":
        // Only blank lines, or one undecided JSON line: decide as a whole document.
        if (this.held.length) this.parseDocument();
        return;
      case "json-document":
        return this.parseDocument();
      case "ndjson":
        return;
    }
  }

  /**
   * A text file in which nothing was an XML event or JSON: refused once with the reason, instead of
   * loading as an empty log. Classic `LogName=` text is named as such (splice reads XML renderings).
   */
  private refuse(blocks: number, headers: number): void {
    const reason =
      headers > 0
        ? `no XML events: ${blocks} classic WinEventLog text block(s), which splice does not read (export the log as XML or EVTX)`
        : "unrecognised format: no Windows XML event, JSON record or EVTX header found; file skipped";
    this.tally.format = headers > 0 ? "classic-text" : "unknown";
    this.collector.malformed(this.tally, reason, this.firstTextLine);
  }

  private sniff(text: string, no: number): void {
    if (this.held.length === 0) {
      const t = text.trimStart();
      if (t === "") return;
      const c = t[0];
      this.firstTextLine = no;
      if (c !== "{" && c !== "[") {
        this.mode = "xml";
        this.tally.format = "xml";
        this.framer = new XmlEventFramer();
        return this.xmlLine(text, no);
      }
      if (c === "[") {
        this.mode = "json-document";
        this.tally.format = "json";
        this.heldFirstLine = no;
        this.held.push(text);
        return;
      }
      this.heldFirstLine = no;
    }
    // JSON starting with `{`: NDJSON if one of the first two non-blank lines is a complete object.
    this.held.push(text);
    if (text.trim() === "") return;
    this.jsonProbeLines++;
    if (isCompleteJsonObject(text)) {
      this.mode = "ndjson";
      this.tally.format = "ndjson";
      const held = this.held;
      this.held = [];
      held.forEach((l, i) => this.ndjsonLine(l, this.heldFirstLine + i));
      return;
    }
    if (this.jsonProbeLines >= 2) {
      this.mode = "json-document";
      this.tally.format = "json";
    }
  }

  private xmlLine(text: string, no: number): void {
    this.framer!.push(text, no, this.framed);
    if (this.framed.length) this.drainFramed();
  }

  private drainFramed(): void {
    for (const item of this.framed) {
      if (item.kind === "broken") {
        this.collector.malformed(this.tally, item.reason, item.line);
        continue;
      }
      this.guarded(item.line, () => {
        const reader = isDoubleQuoted(item.text) ? "evtxexport" : "xmlwineventlog";
        const r = parseEventXml(item.text, reader, this.collector.internsValues);
        if (r.ok) this.collector.addWin(this.tally, r.event, item.line, undefined, this.collector.keepsRaw ? item.text.trim() : undefined);
        else this.collector.malformed(this.tally, `malformed XML event: ${r.reason}`, item.line);
      });
    }
    this.framed.length = 0;
  }

  private ndjsonLine(text: string, no: number): void {
    if (text.length === 0 || text.trim() === "") return;
    // A line holding one record is that record's `_raw`.
    this.jsonRecord(text, no, this.collector.keepsRaw ? text : undefined);
  }

  /** One JSON record's text: parsed and handed to the adapters, or skipped with the reason. */
  private jsonRecord(text: string, no: number, raw?: string): void {
    if (jsonTooDeep(text)) {
      this.collector.malformed(this.tally, tooDeepReason(), no);
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      this.collector.malformed(this.tally, `invalid JSON: ${(e as Error).message}`, no);
      return;
    }
    this.guarded(no, () => this.addValue(v, no, raw));
  }

  /**
   * Hands one record to the adapters. Should one still exhaust the stack or an engine limit (a
   * RangeError: input no check foresaw), that record alone is skipped and the file reads on; its count
   * is set right first — each event it produced was a record, the rest is one skipped record.
   */
  private guarded(no: number, work: () => void): void {
    const t = this.tally;
    const records = t.records;
    const events = t.events;
    try {
      work();
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      t.records = records + (t.events - events);
      this.collector.malformed(t, `record not readable: ${e.message}`, no);
    }
  }

  private addValue(v: unknown, no: number, raw?: string): void {
    const docs = unwrapDocuments(v);
    if (docs.length === 0) {
      this.collector.malformed(this.tally, "JSON record is not an object", no);
      return;
    }
    // A line holding one record is that record's `_raw`; records of a wrapper share no text of their own.
    for (const d of docs) this.collector.addJson(this.tally, d, no, docs.length === 1 ? raw : undefined);
  }

  private parseDocument(): void {
    const text = stripLineComments(this.held.join("\n"));
    this.held = [];
    const { chunks, broken } = splitJsonRecords(text);
    const offset = this.heldFirstLine - 1;
    for (const c of chunks) this.jsonRecord(c.text, c.line + offset);
    for (const b of broken) {
      this.collector.malformed(this.tally, "truncated JSON (unbalanced brackets at end of input)", b.line + offset);
    }
  }
}

export function isCompleteJsonObject(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** evtxexport writes `xmlns="…"`, EvtRender `xmlns='…'`. */
function isDoubleQuoted(eventText: string): boolean {
  const eq = eventText.indexOf("=");
  return eq >= 0 && eventText.charCodeAt(eq + 1) === 0x22;
}
