/**
 * A limit on nesting, checked on the tokens before parsing: the parsers, lowering and the engine all
 * recurse over the tree, and a rule nested thousands deep would overflow the stack. Real rules nest a
 * handful of levels.
 */
export const MAX_NESTING = 200;

export type NestingRole = "open" | "close" | "prefix" | "other";

/**
 * The first token at which brackets, or a run of prefix operators (`NOT NOT …`, `- - x`), nest deeper
 * than MAX_NESTING; undefined when none does.
 */
export function firstTooDeep<T>(tokens: readonly T[], role: (t: T) => NestingRole): T | undefined {
  let depth = 0;
  let prefixes = 0;
  for (const t of tokens) {
    const r = role(t);
    if (r === "open") depth++;
    else if (r === "close") depth = Math.max(0, depth - 1);
    prefixes = r === "prefix" ? prefixes + 1 : 0;
    if (depth > MAX_NESTING || prefixes > MAX_NESTING) return t;
  }
  return undefined;
}

export const NESTING_HINT = `nesting is limited to ${MAX_NESTING} levels`;
