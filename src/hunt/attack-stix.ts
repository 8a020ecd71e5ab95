/**
 * Which ATT&CK tactics a technique belongs to. Splunk ES looks each risk event's technique ids up in the
 * ATT&CK data it bundles; splice ships none (MITRE's terms are not among the licenses the project may
 * ship), so it reads MITRE's own STIX bundle when the user gives it (`--attack enterprise-attack.json`),
 * and otherwise what the hunt's Elastic rules pair techniques with (their `[[rule.threat]]`).
 */
import { readFileSync } from "node:fs";
import type { ElasticThreat } from "../rules/types.js";
import { attackCatalog, TACTICS } from "./attack-matrix.js";
import type { TacticsOf } from "./risk.js";

interface StixObject {
  readonly type?: unknown;
  readonly external_references?: unknown;
  readonly kill_chain_phases?: unknown;
  readonly x_mitre_shortname?: unknown;
  readonly revoked?: unknown;
}

const TACTIC_BY_SHORTNAME: ReadonlyMap<string, string> = new Map(TACTICS.map((t) => [t.name.toLowerCase().replace(/ /g, "-"), t.id]));

/** Technique id → tactic ids from an ATT&CK STIX 2 bundle, or a one-line reason it could not be read. */
export function readAttackBundle(path: string): Map<string, string[]> | { readonly error: string } {
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    return { error: `cannot read ${path} as JSON: ${(e as Error).message}` };
  }
  const objects = (bundle as { objects?: unknown }).objects;
  if (!Array.isArray(objects)) return { error: `${path} is not a STIX bundle (no \`objects\` list): expected MITRE's enterprise-attack.json` };
  const tacticIds = new Map(TACTIC_BY_SHORTNAME);
  for (const o of objects as StixObject[]) {
    if (o.type !== "x-mitre-tactic" || typeof o.x_mitre_shortname !== "string") continue;
    const id = attackId(o);
    if (id) tacticIds.set(o.x_mitre_shortname, id);
  }
  const out = new Map<string, string[]>();
  for (const o of objects as StixObject[]) {
    if (o.type !== "attack-pattern" || o.revoked === true) continue;
    const id = attackId(o);
    if (!id || !Array.isArray(o.kill_chain_phases)) continue;
    const tactics = (o.kill_chain_phases as { kill_chain_name?: unknown; phase_name?: unknown }[])
      .filter((p) => p.kill_chain_name === "mitre-attack" && typeof p.phase_name === "string")
      .flatMap((p) => {
        const tactic = tacticIds.get(p.phase_name as string);
        return tactic ? [tactic] : [];
      });
    if (tactics.length) out.set(id, tactics);
  }
  if (out.size === 0) return { error: `${path} holds no ATT&CK technique with a tactic: expected MITRE's enterprise-attack.json` };
  return out;
}

function attackId(o: StixObject): string | undefined {
  if (!Array.isArray(o.external_references)) return undefined;
  const ref = (o.external_references as { source_name?: unknown; external_id?: unknown }[]).find((r) => r.source_name === "mitre-attack");
  return typeof ref?.external_id === "string" ? ref.external_id : undefined;
}

/** Tactics from the bundle when given, else from the Elastic rules' pairings (by parent technique). */
export function tacticsLookup(bundle: ReadonlyMap<string, readonly string[]> | undefined, threats: Iterable<readonly ElasticThreat[]>): TacticsOf {
  if (bundle) return (t) => bundle.get(t);
  const catalog = attackCatalog(threats);
  return (t) => {
    const set = catalog.tactics.get(t.split(".")[0]!);
    return set ? [...set] : undefined;
  };
}
