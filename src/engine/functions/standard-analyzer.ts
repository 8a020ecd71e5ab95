/**
 * Elasticsearch's `standard` analyzer, as `text` fields index their values and `match`/`match_phrase`
 * analyse the query: Lucene's StandardTokenizer (Unicode UAX #29 word boundaries) then a lowercase filter;
 * no stop words (the analyzer's default `stopwords` is `_none_`), tokens longer than 255 characters split
 * at 255 (`max_token_length`). https://www.elastic.co/docs/reference/text-analysis/analysis-standard-analyzer
 *
 * The UAX #29 rules kept here are the ones that decide tokens in logs and scripts (WB5–WB13b):
 * - letters and digits join (`shi1` one token); `_` (ExtendNumLet) joins them (`shi1_netname`);
 * - one `.` `'` or `:` between letters stays inside the token (`windows.forms.clipboard`, `don't`, `a:b`),
 *   `::` or a trailing `.` ends it (`sekurlsa::logonpasswords` is `sekurlsa` `logonpasswords`);
 * - one `.` `,` `;` `'` between digits stays inside (`1.2.3`, `1,000`);
 * - everything else (spaces, `-`, `\`, `/`, `(`, `[`, `$`, `=`, quotes …) separates tokens;
 * - each ideograph, Hiragana or Thai character is a token of its own (Lucene's <IDEOGRAPHIC>, <HIRAGANA>,
 *   <SOUTHEAST_ASIAN> without dictionary segmentation — an approximation for those scripts).
 * Combining marks and format characters stay with the character before them (WB4).
 */

type WordClass = "letter" | "numeric" | "midLetter" | "midNum" | "midNumLet" | "extendNumLet" | "extend" | "single" | "other";

const LETTER = /\p{L}/u;
const SINGLE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const DIGIT = /\p{Nd}/u;
const EXTEND = /[\p{M}\p{Cf}]/u;
const CONNECTOR = /\p{Pc}/u;

function classOf(ch: string): WordClass {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) {
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) return "letter";
    if (c >= 0x30 && c <= 0x39) return "numeric";
    if (c === 0x5f) return "extendNumLet"; // _
    if (c === 0x3a) return "midLetter"; // :
    if (c === 0x2e || c === 0x27) return "midNumLet"; // . '
    if (c === 0x2c || c === 0x3b) return "midNum"; // , ;
    return "other";
  }
  if (c === 0xb7 || c === 0x387 || c === 0x5f4 || c === 0x2027 || c === 0xfe13 || c === 0xfe55 || c === 0xff1a) return "midLetter";
  if (c === 0x2018 || c === 0x2019 || c === 0x2024 || c === 0xfe52 || c === 0xff07 || c === 0xff0e) return "midNumLet";
  if (c === 0x37e || c === 0x589 || c === 0x60c || c === 0x60d || c === 0x66c || c === 0x7f8 || c === 0x2044 || c === 0xfe10 || c === 0xfe14 || c === 0xfe50 || c === 0xfe54 || c === 0xff0c || c === 0xff1b) return "midNum";
  if (SINGLE.test(ch)) return "single";
  if (LETTER.test(ch)) return "letter";
  if (DIGIT.test(ch)) return "numeric";
  if (EXTEND.test(ch)) return "extend";
  if (CONNECTOR.test(ch)) return "extendNumLet";
  return "other";
}

const MAX_TOKEN_LENGTH = 255;

/** Whether a word may continue across a `mid` character from `before` to `after` (WB6/7, WB11/12). */
function joinsAcross(before: WordClass, mid: WordClass, after: WordClass): boolean {
  if (before === "letter" && after === "letter") return mid === "midLetter" || mid === "midNumLet";
  if (before === "numeric" && after === "numeric") return mid === "midNum" || mid === "midNumLet";
  return false;
}

function joins(a: WordClass, b: WordClass): boolean {
  const wordy = (x: WordClass) => x === "letter" || x === "numeric" || x === "extendNumLet";
  return wordy(a) && wordy(b);
}

/** The lower-cased tokens of `text`, in order (positions are the array indices). */
export function standardTokens(text: string): string[] {
  const chars = Array.from(text);
  const classes: WordClass[] = [];
  // WB4: extend/format characters take the class of the character they follow.
  for (let i = 0; i < chars.length; i++) {
    const k = classOf(chars[i]!);
    classes.push(k === "extend" && i > 0 ? classes[i - 1]! : k);
  }
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const k = classes[i]!;
    if (k === "single") {
      out.push(chars[i]!.toLowerCase());
      i++;
      continue;
    }
    if (k !== "letter" && k !== "numeric" && k !== "extendNumLet") {
      i++;
      continue;
    }
    let j = i + 1;
    let last: WordClass = k;
    while (j < chars.length) {
      const c = classes[j]!;
      if (joins(last, c)) {
        last = c;
        j++;
        continue;
      }
      const next = classes[j + 1];
      if (next !== undefined && joinsAcross(last, c, next)) {
        j += 2;
        last = next;
        continue;
      }
      break;
    }
    const word = chars.slice(i, j);
    // A run of `_` alone is no token: Lucene emits only words with a letter or digit.
    if (word.some((_, n) => classes[i + n] === "letter" || classes[i + n] === "numeric")) {
      for (let s = 0; s < word.length; s += MAX_TOKEN_LENGTH) out.push(word.slice(s, s + MAX_TOKEN_LENGTH).join("").toLowerCase());
    }
    i = j;
  }
  return out;
}

const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 4096;

/**
 * Tokens of a field value, cached: many rules read the same script block, and analysing it is the cost
 * of a text match. The cache forgets everything when full (cheap, and values repeat within one run).
 */
export function analyzedValue(text: string): readonly string[] {
  const hit = cache.get(text);
  if (hit) return hit;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const tokens = standardTokens(text);
  cache.set(text, tokens);
  return tokens;
}
