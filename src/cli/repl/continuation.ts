/**
 * Multi-line entry: a query continues on the next line while a bracket or quote is open or the line ends
 * with `|` (SPL pipe, EQL pipe) — so a pasted multi-line rule is read as one query.
 */
export function needsContinuation(text: string): boolean {
  let depth = 0;
  let quote: '"' | "`" | null = null;
  let tripleQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (tripleQuote) {
      if (text.startsWith('"""', i)) {
        tripleQuote = false;
        i += 2;
      }
      continue;
    }
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (text.startsWith('"""', i)) {
      tripleQuote = true;
      i += 2;
    } else if (c === '"' || c === "`") quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth = Math.max(0, depth - 1);
  }
  if (quote || tripleQuote || depth > 0) return true;
  return /\|\s*$/.test(text);
}
