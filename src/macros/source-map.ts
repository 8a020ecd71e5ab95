/**
 * Source map from macro-expanded text back to the text the user wrote.
 *
 * The expanded text is a sequence of segments. A *linear* segment was copied from the user's text (directly,
 * or as a macro argument) and maps character for character. A non-linear segment was produced by a macro
 * definition; every character of it maps to the whole backtick call in the original text, and `origin`
 * names the chain of macros it came from (outermost first).
 */
import type { MacroOrigin, Span } from "../diagnostics.js";
import type { SourceMap } from "./index.js";

export interface Segment {
  /** Range in the text this map describes. */
  readonly start: number;
  readonly end: number;
  /** Range in the original text. */
  readonly origStart: number;
  readonly origEnd: number;
  /** Copied text: character `i` maps to `origStart + (i - start)`. */
  readonly linear: boolean;
  readonly origin: readonly MacroOrigin[];
}

export interface Mapped {
  readonly span: Span;
  readonly origin: readonly MacroOrigin[];
}

const NO_ORIGIN: readonly MacroOrigin[] = [];

export class SegmentMap implements SourceMap {
  /**
   * @param segments sorted, contiguous from 0 to `length`
   * @param length length of the text this map describes
   * @param originalLength length of the original text, for clamping
   */
  constructor(
    readonly segments: readonly Segment[],
    readonly length: number,
    readonly originalLength: number,
  ) {}

  /** The map of a text that is the original. */
  static identity(length: number): SegmentMap {
    const seg: Segment = { start: 0, end: length, origStart: 0, origEnd: length, linear: true, origin: NO_ORIGIN };
    return new SegmentMap(length > 0 ? [seg] : [], length, length);
  }

  toOriginal(span: Span): Mapped {
    const start = clamp(Math.min(span.start, span.end), 0, this.length);
    const end = clamp(Math.max(span.start, span.end), 0, this.length);
    if (this.segments.length === 0) {
      const at = clamp(start, 0, this.originalLength);
      return { span: { start: at, end: at }, origin: NO_ORIGIN };
    }
    if (start === end) return this.pointToOriginal(start);
    let origStart = Infinity;
    let origEnd = -Infinity;
    let origin: readonly MacroOrigin[] | undefined;
    for (let i = this.indexAt(start); i < this.segments.length; i++) {
      const seg = this.segments[i]!;
      if (seg.start >= end) break;
      const [s, e] = seg.linear
        ? [seg.origStart + Math.max(start, seg.start) - seg.start, seg.origStart + Math.min(end, seg.end) - seg.start]
        : [seg.origStart, seg.origEnd];
      origStart = Math.min(origStart, s);
      origEnd = Math.max(origEnd, e);
      origin = origin === undefined ? seg.origin : commonPrefix(origin, seg.origin);
    }
    return { span: { start: origStart, end: origEnd }, origin: origin ?? NO_ORIGIN };
  }

  /**
   * Segments describing `text[from, to)` of the text this map describes, renumbered so that `from`
   * becomes `at`. Used to carry a macro argument's positions into the expansion.
   */
  slice(from: number, to: number, at: number): Segment[] {
    const out: Segment[] = [];
    if (to <= from) return out;
    for (let i = this.indexAt(from); i < this.segments.length; i++) {
      const seg = this.segments[i]!;
      if (seg.start >= to) break;
      const s = Math.max(from, seg.start);
      const e = Math.min(to, seg.end);
      if (e <= s) continue;
      out.push({
        start: at + s - from,
        end: at + e - from,
        origStart: seg.linear ? seg.origStart + s - seg.start : seg.origStart,
        origEnd: seg.linear ? seg.origStart + e - seg.start : seg.origEnd,
        linear: seg.linear,
        origin: seg.origin,
      });
    }
    return out;
  }

  /** A zero-width span: a point in copied text stays a point; a point inside macro text becomes the call. */
  private pointToOriginal(p: number): Mapped {
    const i = p >= this.length ? this.segments.length - 1 : this.indexAt(p);
    const seg = this.segments[i]!;
    if (!seg.linear) return { span: { start: seg.origStart, end: seg.origEnd }, origin: seg.origin };
    const at = seg.origStart + Math.min(p, seg.end) - seg.start;
    return { span: { start: at, end: at }, origin: seg.origin };
  }

  /** Index of the first segment with `end > p` (binary search). */
  private indexAt(p: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid]!.end > p) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Appends `seg`, merging it into the previous segment when both are contiguous copies of the same text. */
export function pushSegment(segments: Segment[], seg: Segment): void {
  if (seg.end <= seg.start) return;
  const last = segments[segments.length - 1];
  if (
    last &&
    last.linear &&
    seg.linear &&
    last.end === seg.start &&
    last.origEnd === seg.origStart &&
    last.origin === seg.origin
  ) {
    segments[segments.length - 1] = { ...last, end: seg.end, origEnd: seg.origEnd };
    return;
  }
  segments.push(seg);
}

function commonPrefix(a: readonly MacroOrigin[], b: readonly MacroOrigin[]): readonly MacroOrigin[] {
  if (a === b) return a;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? a : a.slice(0, n);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
