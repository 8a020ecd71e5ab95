/** The Sigma front end: rule YAML → plan (document.ts reads it, lower.ts lowers it). */
import type { Diagnostic } from "../../diagnostics.js";
import type { PlanNode } from "../../plan/plan.js";
import { readSigmaDocument, type SigmaDocument } from "./document.js";
import { lowerSigma } from "./lower.js";

export type { SigmaDocument } from "./document.js";
export { readSigmaDocument } from "./document.js";

/** Parse and lower a Sigma rule; diagnostics are positioned in `text` (the YAML). */
export function sigmaToPlan(text: string): { plan?: PlanNode; doc?: SigmaDocument; diagnostics: Diagnostic[] } {
  const { doc, diagnostics } = readSigmaDocument(text);
  if (!doc) return { diagnostics };
  const plan = lowerSigma(doc, diagnostics);
  return { ...(plan ? { plan } : {}), doc, diagnostics };
}

/**
 * Sigma YAML rather than another YAML rule format (ESCU detections are `.yml` too): top-level
 * `detection:` and `logsource:` keys — ESCU has `search:` and neither of these.
 */
export function looksLikeSigma(text: string): boolean {
  return /^detection\s*:/m.test(text) && /^logsource\s*:/m.test(text);
}
