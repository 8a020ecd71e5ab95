/** A Sigma rule file: the whole YAML is the rule text (carets point into it), plus the metadata alerts carry. */
import { readSigmaDocument } from "../parser/sigma/index.js";
import type { SigmaMeta } from "./types.js";

/** `attack.t1105` / `attack.t1036.003` → `T1105` / `T1036.003`; tactic and group tags are left out. */
export function sigmaTechniques(tags: readonly string[]): string[] {
  const ids = tags.flatMap((t) => {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(t.trim());
    return m ? [m[1]!.toUpperCase()] : [];
  });
  return [...new Set(ids)];
}

/**
 * The metadata of a Sigma rule; undefined when the YAML does not parse (preparing the rule reports why,
 * at its position). The file name stands in for a missing `title`.
 */
export function sigmaMeta(text: string, fallbackName: string): SigmaMeta | undefined {
  const { doc } = readSigmaDocument(text);
  if (!doc) return undefined;
  return {
    kind: "sigma",
    name: doc.title ?? fallbackName,
    ...(doc.id ? { id: doc.id } : {}),
    ...(doc.status ? { status: doc.status } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.level ? { level: doc.level } : {}),
    tags: doc.tags,
    mitreAttackIds: sigmaTechniques(doc.tags),
  };
}
