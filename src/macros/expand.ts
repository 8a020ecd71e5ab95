/**
 * Textual macro expansion, before parsing (spl-semantics.md §2.2): `` `name` `` and `` `name(arg, …)` ``
 * are replaced by the definition with `$arg$` substituted, recursively, outside double-quoted strings;
 * ```…``` comments are removed. Every character of the result is mapped back to the user's text.
 */
import { diag, didYouMean, type Diagnostic, type MacroOrigin, type Span } from "../diagnostics.js";
import type { ExpandOptions, ExpandResult, MacroDef, MacroTable, SourceMap } from "./index.js";
import { parseCall, scanPieces, type CallArg } from "./scan.js";
import { pushSegment, SegmentMap, type Mapped, type Segment } from "./source-map.js";
import { macroKey } from "./table.js";

const DEFAULT_MAX_DEPTH = 32;
const DEFAULT_MAX_LENGTH = 1 << 20;
/**
 * Characters scanned over all levels may reach this multiple of `maxLength`. Bounds the work of macros that
 * expand to little or nothing but call each other many times.
 */
const WORK_FACTOR = 2;
const FILTER_SUFFIX = "_filter";
const CALL_HINT = "a macro call is written `name` or `name(arg, …)` between backticks";

/** Expands every macro call in `text`; diagnostics are in `text` coordinates. Never throws on user input. */
export function expandMacros(text: string, table: MacroTable, opts: ExpandOptions = {}): ExpandResult {
  const expansion = new Expansion(table, text.length, opts);
  expansion.level(text, SegmentMap.identity(text.length), undefined);
  return expansion.result();
}

/** Moves diagnostics whose spans are in expanded-text coordinates to the original text, adding `origin`. */
export function mapDiagnostics(diagnostics: readonly Diagnostic[], map: SourceMap): Diagnostic[] {
  return diagnostics.map((d) => {
    if (!d.span) return d;
    const mapped = map.toOriginal(d.span);
    const origin = [...mapped.origin, ...(d.origin ?? [])];
    return { ...d, span: mapped.span, ...(origin.length > 0 ? { origin } : {}) };
  });
}

/**
 * ESCU's build creates every missing `<detection>_filter` macro as `search *` (contentctl
 * `detection_abstract.py`, `getDetectionMacros`); a definition in the table takes precedence.
 */
function resolve(table: MacroTable, name: string, arity: number): MacroDef | undefined {
  const def = table.get(name, arity);
  if (def || arity !== 0 || name.length <= FILTER_SUFFIX.length || !name.endsWith(FILTER_SUFFIX)) return def;
  return { name, args: [], definition: "search *" };
}

/** A definition being instantiated: its own text maps to the call, argument text keeps its positions. */
class Body {
  readonly parts: string[] = [];
  readonly segments: Segment[] = [];
  length = 0;

  /** Built on first use: most expansions are tiny and deep chains would copy it for nothing. */
  private origin: readonly MacroOrigin[] | undefined;

  constructor(
    private readonly definition: string,
    private readonly call: Mapped,
    private readonly frame: MacroOrigin,
  ) {}

  literal(from: number, to: number): void {
    if (to <= from) return;
    const s = this.definition.slice(from, to);
    const { span } = this.call;
    this.origin ??= [...this.call.origin, this.frame];
    const seg = { start: this.length, end: this.length + s.length, origStart: span.start, origEnd: span.end, linear: false, origin: this.origin };
    pushSegment(this.segments, seg);
    this.parts.push(s);
    this.length += s.length;
  }

  argument(callerText: string, callerMap: SegmentMap, value: Span): void {
    for (const seg of callerMap.slice(value.start, value.end, this.length)) pushSegment(this.segments, seg);
    this.parts.push(callerText.slice(value.start, value.end));
    this.length += value.end - value.start;
  }
}

/** A macro being expanded, innermost first through `parent`. */
interface Active {
  readonly key: string;
  readonly parent: Active | undefined;
  readonly depth: number;
}

/** `` `a` → `b` → `a` `` when `active.key` is already being expanded further out. */
function cycleOf(active: Active): string | undefined {
  for (let a = active.parent; a; a = a.parent) if (a.key === active.key) return chainText(active, a.parent);
  return undefined;
}

/** Keys from the outermost macro below `stop` down to `active`, as `` `a` → `b` ``. */
function chainText(active: Active, stop: Active | undefined): string {
  const keys: string[] = [];
  for (let a: Active | undefined = active; a && a !== stop; a = a.parent) keys.unshift(`\`${a.key}\``);
  return keys.join(" → ");
}

class Expansion {
  private readonly parts: string[] = [];
  private readonly segments: Segment[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private length = 0;
  private work = 0;
  private stopped = false;
  private readonly maxDepth: number;
  private readonly maxLength: number;

  constructor(
    private readonly table: MacroTable,
    private readonly originalLength: number,
    opts: ExpandOptions,
  ) {
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  }

  result(): ExpandResult {
    const map = new SegmentMap(this.segments, this.length, this.originalLength);
    return { text: this.parts.join(""), map, diagnostics: this.diagnostics };
  }

  /**
   * Expands `text`, whose characters map to the original through `map`. `active` is the innermost macro
   * being expanded (undefined at the top level).
   */
  level(text: string, map: SegmentMap, active: Active | undefined): void {
    if (this.stopped) return;
    this.work += text.length;
    if (this.work > this.maxLength * WORK_FACTOR) return this.tooLarge(map, { start: 0, end: text.length });
    for (const piece of scanPieces(text)) {
      if (this.stopped) return;
      const span = { start: piece.start, end: piece.end };
      switch (piece.kind) {
        case "text":
          this.emit(text, map, span);
          break;
        case "comment":
          break;
        case "unterminated-comment":
          this.report(map, { start: span.start, end: span.start + 3 }, "unterminated-comment",
            "comment has no closing ```", "a comment is written ```like this```");
          break;
        case "unterminated-call":
          this.report(map, { start: span.start, end: span.start + 1 }, "unterminated-macro",
            "macro call has no closing backtick", `${CALL_HINT}; a literal backtick must be inside double quotes`);
          this.emit(text, map, span);
          break;
        case "call":
          this.call(text, map, active, span);
          break;
      }
    }
  }

  private call(text: string, map: SegmentMap, active: Active | undefined, span: Span): void {
    const parsed = parseCall(text, span.start + 1, span.end - 1);
    if (!parsed.ok) return this.report(map, span, "bad-macro-call", parsed.message, CALL_HINT);
    const { name, args } = parsed.call;
    const key = macroKey(name, args.length);
    const def = resolve(this.table, name, args.length);
    if (!def) return this.unknown(map, span, name, args.length);
    const next: Active = { key, parent: active, depth: (active?.depth ?? 0) + 1 };
    const cycle = cycleOf(next);
    if (cycle) {
      return this.report(map, span, "macro-cycle", `macro cycle ${cycle}`, "a macro cannot call itself, directly or through others");
    }
    if (next.depth > this.maxDepth) {
      return this.report(map, span, "macro-depth", `macros nest more than ${this.maxDepth} levels deep at \`${key}\``,
        `expansion chain: ${chainText(next, undefined)}`);
    }
    // The opening backtick always comes from the enclosing definition (arguments cannot hold backticks),
    // so its origin is the chain of the call even when an argument inside the call came from further out.
    const outer = { span: map.toOriginal(span).span, origin: map.toOriginal({ start: span.start, end: span.start + 1 }).origin };
    const frame: MacroOrigin = { macro: key, ...(def.file ? { file: def.file } : {}), expandedAt: span };
    const body = this.substitute(def, args, text, map, outer, frame);
    if (!body) return this.tooLarge(map, span);
    this.level(body.text, new SegmentMap(body.segments, body.text.length, this.originalLength), next);
  }

  /**
   * The definition with each `$arg$` replaced by the argument's text. Definition text maps to the call;
   * argument text keeps the positions it had in the caller. Undefined when longer than `maxLength`.
   */
  private substitute(def: MacroDef, args: readonly CallArg[], callerText: string, callerMap: SegmentMap,
    call: Mapped, frame: MacroOrigin): { text: string; segments: Segment[] } | undefined {
    const body = new Body(def.definition, call, frame);
    const d = def.definition;
    let copied = 0;
    let open = d.indexOf("$");
    while (open >= 0 && body.length <= this.maxLength) {
      const close = d.indexOf("$", open + 1);
      if (close < 0) break;
      const index = def.args.indexOf(d.slice(open + 1, close));
      if (index < 0) {
        open = close; // `$5 $field$`: the second `$` may open a reference
        continue;
      }
      body.literal(copied, open);
      body.argument(callerText, callerMap, args[index]!.value);
      copied = close + 1;
      open = d.indexOf("$", copied);
    }
    body.literal(copied, d.length);
    return body.length > this.maxLength ? undefined : { text: body.parts.join(""), segments: body.segments };
  }

  private unknown(map: SegmentMap, span: Span, name: string, arity: number): void {
    const key = macroKey(name, arity);
    const keys = this.table.keys();
    const sameName = keys.filter((k) => k === name || (k.startsWith(`${name}(`) && /^\(\d+\)$/.test(k.slice(name.length))));
    if (sameName.length > 0) {
      const plural = arity === 1 ? "" : "s";
      return this.report(map, span, "macro-arity", `macro \`${name}\` is called with ${arity} argument${plural}`,
        `defined as ${sameName.map((k) => `\`${k}\``).join(", ")}`);
    }
    const guess = didYouMean(key, keys);
    this.report(map, span, "unknown-macro", `\`${key}\` is not a known macro`,
      guess ? `did you mean \`${guess}\`?` : "define it in a macro folder (ESCU `.yml` files or `macros.conf`)");
  }

  private emit(text: string, map: SegmentMap, span: Span): void {
    const size = span.end - span.start;
    if (size <= 0) return;
    if (this.length + size > this.maxLength) return this.tooLarge(map, span);
    for (const seg of map.slice(span.start, span.end, this.length)) pushSegment(this.segments, seg);
    this.parts.push(text.slice(span.start, span.end));
    this.length += size;
  }

  private tooLarge(map: SegmentMap, span: Span): void {
    this.report(map, span, "macro-too-large", `expanded search is longer than ${this.maxLength} characters`,
      "look for macros that call each other many times");
    this.stopped = true;
  }

  private report(map: SegmentMap, span: Span, code: string, message: string, hint?: string): void {
    const mapped = map.toOriginal(span);
    const d = diag(code, message, mapped.span, hint);
    this.diagnostics.push(mapped.origin.length > 0 ? { ...d, origin: mapped.origin } : d);
  }
}
