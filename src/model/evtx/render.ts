/**
 * Walks a record's nodes with its substitution values and reports elements, attributes and text to an
 * `XmlSink` — no XML text is built. Nested BinXml values (type 0x21) are decoded on the spot and
 * spliced in where their substitution stands, so sinks see one tree per record.
 */
import { ARRAY_FLAG, VALUE } from "./format.js";
import { NODE, type ChunkContext, type ContentNode, type ElementNode, type ValueTable } from "./binxml.js";
import { renderArray, renderValue } from "./values.js";

export interface XmlSink {
  open(name: string): void;
  attribute(name: string, value: string): void;
  text(value: string): void;
  close(): void;
  pi?(target: string, data: string): void;
}

/** Nested BinXml can contain template instances whose values contain BinXml…; stop runaway nesting. */
const MAX_DEPTH = 64;

export function renderNodes(ctx: ChunkContext, nodes: readonly ContentNode[], values: ValueTable | null, sink: XmlSink, depth = 0): void {
  for (const node of nodes) {
    if (typeof node === "string") sink.text(node);
    else if (node.t === NODE.Element) renderElement(ctx, node, values, sink, depth);
    else if (node.t === NODE.Substitution) renderSubstitution(ctx, node.index, values, sink, depth);
    else if (node.t === NODE.Instance) renderNodes(ctx, node.template, node.values, sink, depth + 1);
    else sink.pi?.(node.target, node.data);
  }
}

function renderElement(ctx: ChunkContext, el: ElementNode, values: ValueTable | null, sink: XmlSink, depth: number): void {
  // An element whose content is one array substitution is repeated once per array item, as Windows
  // renders `<Data>` arrays.
  const only = el.content.length === 1 ? el.content[0] : undefined;
  if (only !== undefined && typeof only !== "string" && only.t === NODE.Substitution) {
    // An element holding only an optional substitution whose value is NULL is left out altogether
    // (libyal drops `<Binary>` of MSSQL 33205 events; Windows renders it the same way).
    const type = values === null || only.index >= values.count ? VALUE.Null : typeOf(values, only.index);
    if (type === VALUE.Null && only.optional) return;
    if (type & ARRAY_FLAG) {
      for (const item of arrayItems(ctx, values!, only.index)) {
        openWithAttributes(ctx, el, values, sink);
        sink.text(item);
        sink.close();
      }
      return;
    }
  }
  openWithAttributes(ctx, el, values, sink);
  if (el.content.length > 0) renderNodes(ctx, el.content, values, sink, depth);
  sink.close();
}

function openWithAttributes(ctx: ChunkContext, el: ElementNode, values: ValueTable | null, sink: XmlSink): void {
  sink.open(el.name);
  for (const attr of el.attrs) {
    let text = "";
    let absent = false;
    for (const part of attr.parts) {
      if (typeof part === "string") text += part;
      else if (values === null || part.index >= values.count || typeOf(values, part.index) === VALUE.Null) absent = true;
      else text += valueText(ctx, values, part.index);
    }
    // An attribute fed only by a missing (NULL) value is left out, as `<Correlation/>` shows.
    if (absent && text === "") continue;
    sink.attribute(attr.name, text);
  }
}

function renderSubstitution(ctx: ChunkContext, index: number, values: ValueTable | null, sink: XmlSink, depth: number): void {
  if (values === null || index >= values.count) return;
  const type = typeOf(values, index);
  if (type === VALUE.Null) return;
  if (type === VALUE.BinXml) {
    if (depth >= MAX_DEPTH) return;
    const off = values.slots[3 * index]!;
    const size = values.slots[3 * index + 1]!;
    if (size === 0) return;
    renderNodes(ctx, ctx.readFragment(off, off + size, false), null, sink, depth + 1);
    return;
  }
  sink.text(valueText(ctx, values, index));
}

function typeOf(values: ValueTable, index: number): number {
  return values.slots[3 * index + 2]!;
}

function arrayItems(ctx: ChunkContext, values: ValueTable, index: number): string[] {
  return renderArray(ctx.buf, typeOf(values, index), values.slots[3 * index]!, values.slots[3 * index + 1]!);
}

/** The text of value `index`, rendered once per instance. */
export function valueText(ctx: ChunkContext, values: ValueTable, index: number): string {
  const memo = (values.text ??= new Array<string | undefined>(values.count));
  const hit = memo[index];
  if (hit !== undefined) return hit;
  const type = typeOf(values, index);
  const off = values.slots[3 * index]!;
  const size = values.slots[3 * index + 1]!;
  const text = type & ARRAY_FLAG ? renderArray(ctx.buf, type, off, size).join(", ") : size === 0 ? "" : renderValue(ctx.buf, type, off, size);
  memo[index] = text;
  return text;
}
