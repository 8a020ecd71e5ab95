/**
 * Splunk ES's `Risk` data model, dataset `All_Risk` (SA-ThreatIntelligence `Risk.json`): the risk events
 * that detections' risk actions write to `index=risk`. No log holds them: `splice hunt` derives them from
 * the alerts of the ESCU detections it runs (src/hunt/risk.ts, docs/risk.md), so the ESCU correlation
 * rules (`type: Correlation`) can read them as Splunk ES would.
 */
import type { Value } from "../../values.js";
import type { CalculatedField, Dataset } from "./dataset.js";

/** The data model's defaults for a risk event that lacks a field: `if(isnull(x), default, x)`. */
function defaultIfNull(field: string, fallback: Value): CalculatedField {
  return { field, reads: [field], value: (row) => row[field] ?? fallback };
}

export const allRisk: Dataset = {
  name: "Risk.All_Risk",
  aliases: ["Risk"],
  model: "Risk",
  lineage: ["All_Risk"],
  objectName: "All_Risk",
  tags: [],
  // The data model's constraint is `index=risk`, not tags.
  where: (e) => e["index"] === "risk",
  whereReads: ["index"],
  fields: [
    "risk_object",
    "risk_object_type",
    "risk_score",
    "risk_message",
    "search_name",
    "analyticstories",
    "threat_object",
    "threat_object_type",
    "annotations.mitre_attack",
    "annotations.mitre_attack.mitre_technique_id",
    "annotations.mitre_attack.mitre_tactic_id",
    "annotations.mitre_attack.mitre_tactic",
    "annotations.analytic_story",
    "tag",
  ],
  calculated: [
    defaultIfNull("risk_object", "unknown"),
    defaultIfNull("risk_object_type", "unknown"),
    defaultIfNull("risk_score", 0),
    // ES multiplies the score by the risk factors that match the event; splice has no asset or identity
    // data, so none match and the calculated score is the score.
    { field: "calculated_risk_score", reads: ["risk_score"], value: (row) => row["risk_score"] ?? 0 },
  ],
  sources: "the risk events of ESCU TTP and Anomaly detections, which `splice hunt` derives from their alerts when it runs them beside this rule",
};
