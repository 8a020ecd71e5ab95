/**
 * Log values are attacker-controlled text. Printed raw, an ESC sequence recolours the terminal, moves
 * the cursor, rewrites earlier lines or sets the window title; a CR overwrites the line; a bidi override
 * (U+202E, the RTLO of ESCU's own detections) reorders what is shown. Tables show such characters as
 * visible escapes; JSON output escapes what JSON.stringify leaves raw; CSV cells that a spreadsheet
 * would run as a formula are neutralised as OWASP recommends.
 */

// C0, DEL, C1, and the Unicode bidi controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16).toUpperCase()}}`;
}

/** The text with every control character written as an escape (`\x1b`, `\r`, `\u{202E}`). */
export function visible(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

// JSON.stringify escapes C0 itself; DEL, C1 and the bidi controls it leaves as they are.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify(value) with those characters as `\uXXXX`: the same JSON value, safe on a terminal. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Text a spreadsheet reads as a formula (OWASP CSV injection): `=`, `+`, `-`, `@`, tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;
// Such text with no room for a payload stays as it is: a signed number (`-1`), a bare name (`@timestamp`).
const INERT = /^(?:[-+]?\d+(?:\.\d+)?|@[A-Za-z_][\w.]*)$/;

/**
 * One CSV cell: text that could start a formula gets a leading `'` (numbers stay numbers); a cell with a
 * quote, comma or line break is quoted.
 */
export function csvCell(text: string, isNumber = false): string {
  const neutral = !isNumber && FORMULA_START.test(text) && !INERT.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}
