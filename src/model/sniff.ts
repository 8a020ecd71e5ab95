/**
 * What an input holds, told from its first bytes and never from its name: EVTX, gzip (whose content
 * is sniffed again once inflated), text in UTF-8 or UTF-16 (either byte order), or other binary data.
 * Inputs are streams — a pipe or standard input cannot be read twice — so the first bytes are peeked
 * and then handed on with the rest.
 */
import { Readable } from "node:stream";

export type TextEncoding = "utf8" | "utf16le" | "utf16be";

export type Content = { readonly kind: "evtx" } | { readonly kind: "gzip" } | { readonly kind: "text"; readonly encoding: TextEncoding } | { readonly kind: "binary" };

const EVTX_MAGIC = Buffer.from("ElfFile\0", "latin1");

/** Enough of the start of an input to sniff its content and, for folders, whether it is a log. */
export const SNIFF_BYTES = 64 * 1024;

export function sniffContent(head: Buffer): Content {
  if (head.length >= 8 && head.subarray(0, 8).equals(EVTX_MAGIC)) return { kind: "evtx" };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: "gzip" };
  // wevtutil/PowerShell exports are often UTF-16 with a byte-order mark; some tools write none.
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { kind: "text", encoding: "utf16le" };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { kind: "text", encoding: "utf16be" };
  const unmarked = unmarkedUtf16(head);
  if (unmarked) return { kind: "text", encoding: unmarked };
  // NUL bytes in the head: binary, which read as text would only produce a warning per "line".
  return head.includes(0) ? { kind: "binary" } : { kind: "text", encoding: "utf8" };
}

/** UTF-16 without a byte-order mark: ASCII text leaves every other byte zero. */
function unmarkedUtf16(head: Buffer): TextEncoding | undefined {
  const n = Math.min(head.length, 1024) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero === 0) return "utf16le";
  if (evenZero > pairs * 0.9 && oddZero === 0) return "utf16be";
  return undefined;
}

/** The head as text (a character cut at its end does not matter for sniffing). */
export function headText(head: Buffer, encoding: TextEncoding): string {
  const text = encoding === "utf8" ? head.toString("utf8") : new TextDecoder(encoding === "utf16le" ? "utf-16le" : "utf-16be").decode(head);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Whether text found in a folder is worth reading as a log: JSON records (an object, or an array of
 * them), Windows XML events, or classic WinEventLog text (read so that it is refused with its own
 * reason). Markdown, YAML, TOML, CSV, scripts and licences are not.
 */
export function looksLikeLogText(text: string): boolean {
  const t = text.trimStart();
  if (t === "") return true; // an empty log
  if (t[0] === "{") return true;
  if (t[0] === "[") {
    // A JSON array of records, possibly with `//` comment lines (ES conformance data); not a `[table]`.
    const rest = t.slice(1).replace(/^(\s|\/\/[^\n]*\n)*/, "");
    return rest === "" || rest[0] === "{" || rest[0] === "]";
  }
  return /<Event[\s>]/.test(t) || /^LogName=/m.test(t);
}

/**
 * A byte stream whose first bytes can be looked at before it is read: `head` buffers them, `stream`
 * replays them and goes on with the rest. `onChunk` sees every chunk taken from the source once.
 */
export class PeekableStream {
  private readonly chunks: Buffer[] = [];
  private held = 0;
  private ended = false;
  /** A read error met while peeking, thrown again to whoever reads the stream. */
  private error: unknown = null;
  private readonly source: AsyncIterator<Buffer>;

  constructor(
    source: AsyncIterable<Buffer>,
    private readonly onChunk?: (bytes: number) => void,
  ) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** At least `bytes` bytes from the start, or all there are. */
  async head(bytes: number): Promise<Buffer> {
    while (this.held < bytes && !this.ended) {
      let next: IteratorResult<Buffer>;
      try {
        next = await this.source.next();
      } catch (e) {
        this.error = e;
        this.ended = true;
        throw e;
      }
      if (next.done) {
        this.ended = true;
        break;
      }
      this.take(next.value);
      this.chunks.push(next.value);
    }
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
  }

  /** The whole stream from its first byte. Call once; destroying it closes the source. */
  stream(): Readable {
    const self = this;
    async function* replay(): AsyncGenerator<Buffer> {
      let done = self.ended;
      try {
        yield* self.chunks.splice(0);
        if (self.error !== null) throw self.error;
        while (!done) {
          const next = await self.source.next();
          if (next.done) done = true;
          else {
            self.take(next.value);
            yield next.value;
          }
        }
      } finally {
        if (!done) await self.source.return?.();
      }
    }
    // Object mode hands each Buffer on as it is (a byte-mode stream would join what is buffered).
    return Readable.from(replay());
  }

  /** Stop reading (the input is not going to be loaded). */
  async close(): Promise<void> {
    if (!this.ended) await this.source.return?.();
  }

  private take(chunk: Buffer): void {
    this.held += chunk.length;
    this.onChunk?.(chunk.length);
  }
}
