/**
 * BinXml → a small node tree. A template definition is decoded once per chunk into `ContentNode`s whose
 * holes are `Substitution`s; a record then costs only its template instance (value descriptors) and the
 * values its consumer actually reads. Names and templates are offsets into the chunk, so every position
 * here is chunk-absolute and each chunk gets its own `ChunkContext`.
 */
import { EvtxFormatError, TOKEN, TOKEN_MORE_FLAG, VALUE } from "./format.js";
import { utf16 } from "./values.js";

export interface ElementNode {
  readonly t: typeof NODE.Element;
  readonly name: string;
  readonly attrs: readonly AttributeNode[];
  readonly content: readonly ContentNode[];
}
export interface AttributeNode {
  readonly name: string;
  /** Literal text pieces and substitutions, in order. */
  readonly parts: readonly (string | Substitution)[];
}
export interface Substitution {
  readonly t: typeof NODE.Substitution;
  readonly index: number;
  /** Declared type in the template; the instance's descriptor type is the one used for decoding. */
  readonly type: number;
  readonly optional: boolean;
}
export interface ProcessingInstruction {
  readonly t: typeof NODE.PI;
  readonly target: string;
  readonly data: string;
}
/** A template applied to one record's (or one nested BinXml value's) substitution values. */
export interface TemplateInstance {
  readonly t: typeof NODE.Instance;
  readonly template: readonly ContentNode[];
  readonly values: ValueTable;
}
/** Literal text is a plain string (values, CDATA, character and entity references, decoded). */
export type ContentNode = string | ElementNode | Substitution | ProcessingInstruction | TemplateInstance;

export const NODE = { Element: 0, Substitution: 1, PI: 2, Instance: 3 } as const;

/**
 * Substitution values of one instance: `slots[3i, 3i+1, 3i+2]` = chunk offset, size, type of value i.
 * `text` memoises the rendered strings; it is created on first use.
 */
export interface ValueTable {
  readonly count: number;
  readonly slots: Int32Array;
  text: (string | undefined)[] | undefined;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Per-chunk caches: names and compiled templates by chunk offset. */
export class ChunkContext {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, readonly ContentNode[]>();
  private readonly compiling = new Set<number>();
  private pos = 0;

  constructor(readonly buf: Buffer, readonly length: number) {}

  /**
   * Reads the BinXml fragment(s) in `[start, end)`. `inTemplate` says whether element headers carry the
   * 2-byte dependency id (template definitions do; record bodies and nested BinXml values do not).
   */
  readFragment(start: number, end: number, inTemplate: boolean): ContentNode[] {
    const saved = this.pos;
    this.pos = start;
    const out: ContentNode[] = [];
    try {
      while (this.pos < end) {
        const token = this.u8();
        const base = token & ~TOKEN_MORE_FLAG;
        // Bytes after the end-of-fragment token are slack, sometimes with a stray fragment header in
        // them (`ID4662-DCsync attack using Mimikatz.evtx` record 8): they are not read.
        if (base === TOKEN.EndOfFragment) break;
        else if (base === TOKEN.FragmentHeader) this.pos += 3;
        else if (base === TOKEN.TemplateInstance) out.push(this.readInstance());
        else if (base === TOKEN.OpenStartElement) out.push(this.readElement(token, inTemplate));
        else this.readContentToken(token, out);
      }
      return out;
    } finally {
      this.pos = saved;
    }
  }

  /** The compiled template whose definition header is at `offset` (cached per chunk). */
  template(offset: number): readonly ContentNode[] {
    const cached = this.templates.get(offset);
    if (cached !== undefined) return cached;
    if (offset < 0 || offset + 24 > this.length) throw new EvtxFormatError(`template offset ${offset} outside the chunk`);
    const size = this.buf.readUInt32LE(offset + 20);
    const start = offset + 24;
    if (start + size > this.length) throw new EvtxFormatError(`template at ${offset} runs past the chunk`, offset);
    // A damaged definition can name itself (directly or in a loop); without this, a stack overflow.
    if (this.compiling.has(offset)) throw new EvtxFormatError(`template at ${offset} refers to itself`, offset);
    this.compiling.add(offset);
    try {
      const nodes = this.readFragment(start, start + size, true);
      this.templates.set(offset, nodes);
      return nodes;
    } finally {
      this.compiling.delete(offset);
    }
  }

  private readInstance(): TemplateInstance {
    this.pos += 1; // unknown byte
    this.pos += 4; // template id (the GUID's first bytes); the offset identifies it within the chunk
    const defOffset = this.u32();
    if (defOffset === this.pos) {
      // Definition inline at first use: skip it here, `template()` decodes it from its offset.
      this.need(24);
      this.pos += 24 + this.buf.readUInt32LE(this.pos + 20);
    }
    const template = this.template(defOffset);
    const count = this.u32();
    this.need(4 * count); // bounds the count by the chunk before anything is allocated
    const slots = new Int32Array(3 * count);
    let data = this.pos + 4 * count;
    for (let i = 0; i < count; i++) {
      const d = this.pos + 4 * i;
      const size = this.buf.readUInt16LE(d);
      slots[3 * i] = data;
      slots[3 * i + 1] = size;
      slots[3 * i + 2] = this.buf[d + 2]!;
      data += size;
    }
    if (data > this.length) throw new EvtxFormatError("substitution values run past the chunk", this.pos);
    this.pos = data;
    return { t: NODE.Instance, template, values: { count, slots, text: undefined } };
  }

  private readElement(token: number, inTemplate: boolean): ElementNode {
    this.pos += this.hasDependencyId(inTemplate) ? 6 : 4; // [dependency id], data size
    const name = this.readName();
    const attrs: AttributeNode[] = [];
    if (token & TOKEN_MORE_FLAG) {
      const listEnd = this.u32() + this.pos;
      while (this.pos < listEnd && (this.peek() & ~TOKEN_MORE_FLAG) === TOKEN.Attribute) {
        this.pos++;
        const attrName = this.readName();
        const parts: (string | Substitution)[] = [];
        for (;;) {
          const next = this.peek() & ~TOKEN_MORE_FLAG;
          if (next === TOKEN.Attribute || next === TOKEN.CloseStartElement || next === TOKEN.CloseEmptyElement) break;
          if (next === TOKEN.EndElement || next === TOKEN.EndOfFragment) break;
          this.readContentToken(this.u8(), parts);
        }
        attrs.push({ name: attrName, parts });
      }
    }
    const close = this.u8();
    if (close === TOKEN.CloseEmptyElement) return { t: NODE.Element, name, attrs, content: [] };
    if (close !== TOKEN.CloseStartElement) throw new EvtxFormatError(`unexpected token 0x${close.toString(16)} after <${name}>`, this.pos - 1);
    const content: ContentNode[] = [];
    for (;;) {
      const tok = this.u8();
      const base = tok & ~TOKEN_MORE_FLAG;
      if (base === TOKEN.EndElement) break;
      if (base === TOKEN.OpenStartElement) content.push(this.readElement(tok, inTemplate));
      else if (base === TOKEN.TemplateInstance) content.push(this.readInstance());
      else if (base === TOKEN.EndOfFragment) throw new EvtxFormatError(`fragment ends inside <${name}>`, this.pos - 1);
      else this.readContentToken(tok, content);
    }
    return { t: NODE.Element, name, attrs, content };
  }

  /** Text-like tokens: value, CDATA, references, PI, substitutions. */
  private readContentToken(token: number, out: (ContentNode | string)[]): void {
    switch (token & ~TOKEN_MORE_FLAG) {
      case TOKEN.Value: {
        const type = this.u8();
        if (type !== VALUE.String) throw new EvtxFormatError(`value token of type 0x${type.toString(16)}`, this.pos - 1);
        out.push(this.readCountedUtf16());
        return;
      }
      case TOKEN.CData:
        out.push(this.readCountedUtf16());
        return;
      case TOKEN.CharRef:
        out.push(String.fromCharCode(this.u16()));
        return;
      case TOKEN.EntityRef: {
        const name = this.readName();
        out.push(ENTITIES[name] ?? `&${name};`);
        return;
      }
      case TOKEN.PITarget: {
        const target = this.readName();
        let data = "";
        if (this.peek() === TOKEN.PIData) {
          this.pos++;
          data = this.readCountedUtf16();
        }
        out.push({ t: NODE.PI, target, data });
        return;
      }
      case TOKEN.NormalSubstitution:
      case TOKEN.OptionalSubstitution: {
        const index = this.u16();
        const type = this.u8();
        out.push({ t: NODE.Substitution, index, type, optional: (token & ~TOKEN_MORE_FLAG) === TOKEN.OptionalSubstitution });
        return;
      }
      default:
        throw new EvtxFormatError(`invalid BinXml token 0x${token.toString(16)}`, this.pos - 1);
    }
  }

  /**
   * Template definitions carry a 2-byte dependency id before the element's data size, record bodies
   * and nested values do not. A few writers disagree, so the other layout is taken when it is the one
   * whose name offset is plausible (inline right here, or an earlier offset in the chunk).
   */
  private hasDependencyId(inTemplate: boolean): boolean {
    const withId = this.plausibleName(this.pos + 6);
    const withoutId = this.plausibleName(this.pos + 4);
    if (inTemplate) return withId || !withoutId;
    return !withoutId && withId;
  }

  private plausibleName(at: number): boolean {
    if (at + 4 > this.length) return false;
    const off = this.buf.readUInt32LE(at);
    return off === at + 4 || (off >= 128 && off < at && off + 8 <= this.length);
  }

  private readName(): string {
    const off = this.u32();
    if (off === this.pos) {
      const name = this.nameAt(off);
      this.pos = off + 10 + 2 * this.buf.readUInt16LE(off + 6);
      return name;
    }
    return this.nameAt(off);
  }

  /** Name record: next offset (4), hash (2), character count (2), UTF-16 characters, NUL. */
  private nameAt(off: number): string {
    const cached = this.names.get(off);
    if (cached !== undefined) return cached;
    if (off + 8 > this.length) throw new EvtxFormatError(`name offset ${off} outside the chunk`);
    const end = off + 8 + 2 * this.buf.readUInt16LE(off + 6);
    if (end > this.length) throw new EvtxFormatError(`name at ${off} runs past the chunk`, off);
    const name = this.buf.toString("utf16le", off + 8, end);
    this.names.set(off, name);
    return name;
  }

  private readCountedUtf16(): string {
    const count = this.u16();
    this.need(2 * count);
    const s = utf16(this.buf, this.pos, 2 * count);
    this.pos += 2 * count;
    return s;
  }

  private need(n: number): void {
    if (this.pos + n > this.length) throw new EvtxFormatError("BinXml runs past the chunk", this.pos);
  }
  private peek(): number {
    this.need(1);
    return this.buf[this.pos]!;
  }
  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  private u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
}
