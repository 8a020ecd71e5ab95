/** Small typed accessors over Chevrotain CST nodes (the parser tracks node offsets). */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../../diagnostics.js";

export function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

export function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

export function node(n: CstNode, key: string): CstNode | undefined {
  return nodes(n, key)[0];
}

export function tokens(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []).filter(isToken);
}

export function token(n: CstNode, key: string): IToken | undefined {
  return tokens(n, key)[0];
}

export function spanOfToken(t: IToken): Span {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

export function spanOf(n: CstNode): Span {
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) {
    return { start: loc.startOffset, end: (loc.endOffset ?? loc.startOffset) + 1 };
  }
  return { start: 0, end: 0 };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
