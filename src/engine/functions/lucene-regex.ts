/** Lucene regular expressions (EQL `regex`) → anchored JS RegExp. (stub: owned by the EQL engine work) */
export function luceneToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  return new RegExp(`^(?:${pattern})$`, caseInsensitive ? "iu" : "u");
}
