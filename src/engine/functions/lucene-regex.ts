/**
 * Lucene regular expressions (EQL `regex`, Elasticsearch `regexp` query with flags ALL): the parser, and
 * the translation to regex source that both RE2 and JS RegExp read (engine/regex runs it).
 *
 * Lucene grammar (org.apache.lucene.util.automaton.RegExp), loosest first:
 *   union `a|b` · intersection `a&b` · concatenation · repeat `? * + {n} {n,} {n,m}` · complement `~a` ·
 *   class `[...]` `[^...]` · simple: char, `\c` (any escaped char is literal), `.` (any char), `#` (empty
 *   language), `@` (any string), `"literal"`, `()` (empty string), `(a)`, `<n-m>` (numeric interval).
 * There are no shorthand classes: `\d` is the letter `d` (additional_test_queries `regexWOCharClasses`),
 * no anchors (`^`, `$` are literal characters; the whole value must match), no lazy quantifiers
 * (`.*?` is `(.*)?`, the same language).
 *
 * Lucene compiles to an automaton, so matching is linear; so is RE2, which runs every pattern without
 * complement and intersection. Those two have no regex syntax: at the top of the pattern (`~(foo)`,
 * `a&b`, and unions of such) engine/regex combines linear matchers with not/and/or; where they extend
 * to the end of the pattern (`prefix~(…)`) `luceneToRegExp` expresses them exactly with lookaheads
 * anchored at `$`, for the backtracking engine; anywhere else they are rejected with an Error.
 */

type Node =
  | { readonly t: "union"; readonly alts: readonly Node[] }
  | { readonly t: "inter"; readonly parts: readonly Node[] }
  | { readonly t: "concat"; readonly items: readonly Node[] }
  | { readonly t: "repeat"; readonly node: Node; readonly min: number; readonly max: number | null }
  | { readonly t: "complement"; readonly node: Node }
  | { readonly t: "class"; readonly negated: boolean; readonly items: readonly (string | readonly [string, string])[] }
  | { readonly t: "lit"; readonly text: string }
  | { readonly t: "any" }
  | { readonly t: "anystring" }
  | { readonly t: "empty" }
  | { readonly t: "interval"; readonly lo: number; readonly hi: number; readonly width: number };

export class LuceneRegexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export type LuceneNode = Node;

/** Throws LuceneRegexError (with the offset) on a malformed pattern. */
export function parseLuceneRegex(pattern: string): LuceneNode {
  return new Parser(pattern).parse();
}

/** True when `~` or `&` occurs anywhere in the tree. */
export function hasBooleanOps(n: LuceneNode): boolean {
  switch (n.t) {
    case "inter":
    case "complement":
      return true;
    case "union":
      return n.alts.some(hasBooleanOps);
    case "concat":
      return n.items.some(hasBooleanOps);
    case "repeat":
      return hasBooleanOps(n.node);
    default:
      return false;
  }
}

/** Unanchored source of a tree without `~`/`&`, in the syntax RE2 and JS (`u` flag) share. */
export function luceneSource(n: LuceneNode): string {
  return emit(n, false);
}

/** The whole pattern as an anchored JS RegExp (lookaheads for `~`/`&` at the end): the backtracking engine's form. */
export function luceneToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const ast = new Parser(pattern).parse();
  return new RegExp(`^(?:${emit(ast, true)})$`, caseInsensitive ? "isu" : "su");
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.union();
    if (this.pos < this.src.length) this.fail(`unexpected \`${this.src[this.pos]}\``);
    return n;
  }

  private fail(msg: string): never {
    throw new LuceneRegexError(`invalid regular expression at offset ${this.pos}: ${msg}`, this.pos);
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private eat(c: string): boolean {
    if (this.src[this.pos] === c) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** The next full code point (surrogate pairs stay together). */
  private char(): string {
    const cp = this.src.codePointAt(this.pos);
    if (cp === undefined) this.fail("unexpected end of pattern");
    const c = String.fromCodePoint(cp);
    this.pos += c.length;
    return c;
  }

  private union(): Node {
    const alts = [this.inter()];
    while (this.eat("|")) alts.push(this.inter());
    return alts.length === 1 ? alts[0]! : { t: "union", alts };
  }

  private inter(): Node {
    const parts = [this.concat()];
    while (this.eat("&")) parts.push(this.concat());
    return parts.length === 1 ? parts[0]! : { t: "inter", parts };
  }

  private concat(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === "|" || c === "&" || c === ")") break;
      items.push(this.repeat());
    }
    if (items.length === 0) return { t: "empty" };
    return items.length === 1 ? items[0]! : { t: "concat", items };
  }

  private repeat(): Node {
    let n = this.complement();
    for (;;) {
      const c = this.peek();
      if (c === "?") n = { t: "repeat", node: n, min: 0, max: 1 };
      else if (c === "*") n = { t: "repeat", node: n, min: 0, max: null };
      else if (c === "+") n = { t: "repeat", node: n, min: 1, max: null };
      else if (c === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
        if (!m) this.fail("expected `{n}`, `{n,}` or `{n,m}`");
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === "" ? null : Number(m[3]);
        if (max !== null && max < min) this.fail(`repeat range {${min},${max}} is empty`);
        this.pos += m[0].length;
        n = { t: "repeat", node: n, min, max };
        continue;
      } else break;
      this.pos++;
    }
    return n;
  }

  private complement(): Node {
    if (this.eat("~")) return { t: "complement", node: this.complement() };
    return this.classOrSimple();
  }

  private classOrSimple(): Node {
    if (this.eat("[")) return this.charClass();
    return this.simple();
  }

  private charClass(): Node {
    const negated = this.eat("^");
    const items: (string | readonly [string, string])[] = [];
    // Lucene has no "`]` first is literal" rule: `[]` is an error.
    if (this.peek() === "]") this.fail("empty character class");
    do {
      if (this.pos >= this.src.length) this.fail("unterminated character class");
      const lo = this.classChar();
      if (this.peek() === "-" && this.pos + 1 < this.src.length && this.src[this.pos + 1] !== "]") {
        this.pos++;
        const hi = this.classChar();
        if (hi.codePointAt(0)! < lo.codePointAt(0)!) this.fail(`invalid range ${lo}-${hi}`);
        items.push([lo, hi]);
      } else items.push(lo);
    } while (!this.eat("]"));
    return { t: "class", negated, items };
  }

  private classChar(): string {
    this.eat("\\"); // an escaped character is itself
    return this.char();
  }

  private simple(): Node {
    const c = this.peek();
    if (c === undefined) this.fail("unexpected end of pattern");
    switch (c) {
      case ".":
        this.pos++;
        return { t: "any" };
      case "#":
        this.pos++;
        return { t: "union", alts: [] };
      case "@":
        this.pos++;
        return { t: "anystring" };
      case '"': {
        const end = this.src.indexOf('"', this.pos + 1);
        if (end < 0) this.fail("unterminated quoted string");
        const text = this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
        return text === "" ? { t: "empty" } : { t: "lit", text };
      }
      case "(": {
        this.pos++;
        if (this.eat(")")) return { t: "empty" };
        const n = this.union();
        if (!this.eat(")")) this.fail("expected `)`");
        return n;
      }
      case "<":
        return this.interval();
      case "\\":
        this.pos++;
        return { t: "lit", text: this.char() };
      case "*":
      case "+":
      case "?":
      case "{":
        return this.fail(`nothing to repeat before \`${c}\``);
      case "]":
      case "}":
      case ">":
        // Reserved characters must be escaped in Lucene.
        return this.fail(`\`${c}\` must be escaped`);
      default:
        return { t: "lit", text: this.char() };
    }
  }

  private interval(): Node {
    const m = /^<(\d+)-(\d+)>/.exec(this.src.slice(this.pos));
    if (!m) {
      // `<identifier>` names an automaton from a provider: Elasticsearch has none.
      this.fail("`<` starts a numeric interval `<n-m>`; named automata are not supported");
    }
    this.pos += m[0].length;
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Lucene: equal digit counts fix the width (leading zeros required); otherwise any width.
    const width = m[1]!.length === m[2]!.length ? m[1]!.length : 0;
    return { t: "interval", lo: Math.min(a, b), hi: Math.max(a, b), width };
  }
}

const JS_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

function escapeLit(s: string): string {
  return s.replace(JS_SPECIAL, (c) => (c === "-" ? "\\x2d" : `\\${c}`));
}

function escapeClassChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}

/** `atEnd`: this node's match ends where the whole value ends, so `$`-anchored lookaheads are exact. */
function emit(n: Node, atEnd: boolean): string {
  switch (n.t) {
    case "union":
      return n.alts.length === 0 ? "[^\\s\\S]" : n.alts.map((a) => `(?:${emit(a, atEnd)})`).join("|");
    case "inter": {
      if (!atEnd) throw new LuceneRegexError("`&` (intersection) is only supported at the end of the pattern", 0);
      const [last, ...others] = [n.parts[n.parts.length - 1]!, ...n.parts.slice(0, -1)];
      return others.map((p) => `(?=(?:${emit(p, true)})$)`).join("") + `(?:${emit(last, true)})`;
    }
    case "concat": {
      const items = mergeAnyRuns(n.items);
      return items.map((it, i) => emit(it, atEnd && i === items.length - 1)).join("");
    }
    case "repeat": {
      const inner = `(?:${emit(n.node, false)})`;
      if (n.min === 0 && n.max === 1) return `${inner}?`;
      if (n.min === 0 && n.max === null) return `${inner}*`;
      if (n.min === 1 && n.max === null) return `${inner}+`;
      return `${inner}{${n.min},${n.max === null ? "" : n.max}}`;
    }
    case "complement":
      if (!atEnd) throw new LuceneRegexError("`~` (complement) is only supported at the end of the pattern", 0);
      return `(?!(?:${emit(n.node, true)})$)[\\s\\S]*`;
    case "class": {
      const body = n.items
        .map((it) => (typeof it === "string" ? escapeClassChar(it) : `${escapeClassChar(it[0])}-${escapeClassChar(it[1])}`))
        .join("");
      return `[${n.negated ? "^" : ""}${body}]`;
    }
    case "lit":
      return escapeLit(n.text);
    case "any":
      return "[\\s\\S]";
    case "anystring":
      return "[\\s\\S]*";
    case "empty":
      return "";
    case "interval":
      return intervalRegex(n.lo, n.hi, n.width);
  }
}

/** `.*.*` and `@.*` accept the same strings as one `.*`; merging them avoids quadratic backtracking. */
function mergeAnyRuns(items: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const it of items) {
    const prev = out[out.length - 1];
    if (prev && isAnyString(prev) && isAnyString(it)) continue;
    out.push(it);
  }
  return out;
}

function isAnyString(n: Node): boolean {
  return n.t === "anystring" || (n.t === "repeat" && n.min === 0 && n.max === null && n.node.t === "any");
}

/**
 * Decimal numbers in [lo, hi]. With `width` > 0 the number is written with exactly that many digits
 * (leading zeros); otherwise any number of leading zeros is allowed (Lucene RegExp.makeInterval).
 */
function intervalRegex(lo: number, hi: number, width: number): string {
  if (width > 0) return `(?:${rangeAlternatives(String(lo).padStart(width, "0"), String(hi).padStart(width, "0"))})`;
  const parts: string[] = [];
  const loDigits = String(lo).length;
  const hiDigits = String(hi).length;
  for (let d = loDigits; d <= hiDigits; d++) {
    const a = d === loDigits ? String(lo) : `1${"0".repeat(d - 1)}`;
    const b = d === hiDigits ? String(hi) : "9".repeat(d);
    parts.push(rangeAlternatives(a, b));
  }
  return `0*(?:${parts.map((p) => `(?:${p})`).join("|")})`;
}

/** Equal-length digit strings a ≤ b → a regex matching exactly the strings between them. */
function rangeAlternatives(a: string, b: string): string {
  if (a.length === 0) return "";
  if (a === b) return a;
  const a0 = Number(a[0]);
  const b0 = Number(b[0]);
  const restA = a.slice(1);
  const restB = b.slice(1);
  const nines = "9".repeat(restA.length);
  const zeros = "0".repeat(restA.length);
  const anyRest = restA.length ? `\\d{${restA.length}}` : "";
  if (a0 === b0) return `${a0}(?:${rangeAlternatives(restA, restB)})`;
  const alts: string[] = [];
  alts.push(restA === zeros ? `${a0}${anyRest}` : `${a0}(?:${rangeAlternatives(restA, nines)})`);
  if (b0 - a0 > 1) alts.push(`[${a0 + 1}-${b0 - 1}]${anyRest}`);
  alts.push(restB === nines ? `${b0}${anyRest}` : `${b0}(?:${rangeAlternatives(zeros, restB)})`);
  return alts.join("|");
}
