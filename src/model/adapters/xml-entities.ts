/**
 * XML entity handling for the two views (normalization.md §2 "No XML entity decoding", §8.1):
 * the CIM view keeps the text as EvtRender wrote it (`2&gt;&amp;1`), the ECS view holds decoded text.
 */

const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g;

/** Decode the five named entities and numeric references; unknown references stay as written. */
export function decodeXmlEntities(s: string): string {
  if (s.indexOf("&") < 0) return s;
  return s.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) === 0x23 /* # */) {
      const cp = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

/**
 * Escape as EvtRender escapes element text: `&`, `<`, `>` only — quotes stay raw
 * (normalization.md §1.1). Used for the CIM view of decoded sources (EVTX binary).
 */
export function escapeXmlText(s: string): string {
  if (!/[&<>]/.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
