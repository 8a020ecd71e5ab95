/**
 * Which ATT&CK tactics a technique belongs to. Splunk ES looks each risk event's technique ids up in the
 * ATT&CK data it bundles; splice ships none (MITRE's terms are not among the licenses the project may
 * ship), so it reads MITRE's own STIX bundle when the user gives it (`--attack enterprise-attack.json`),
 * and otherwise what the hunt's Elastic rules pair techniques with (their `[[rule.threat]]`).
 */
import { readFileSync } from "node:fs";
import type { ElasticThreat } from "../rules/types.js";
import { attackCatalog, TACTIC_SHORT_NAMES, type AttackCatalog } from "./attack-matrix.js";
import type { HuntRule } from "./rules.js";
import type { TacticsOf } from "./risk.js";

/** What MITRE's bundle says of each technique (and sub-technique) id: its tactic ids and its name. */
export interface AttackBundle {
  readonly tactics: ReadonlyMap<string, readonly string[]>;
  readonly names: ReadonlyMap<string, string>;
}

interface StixObject {
  readonly type?: unknown;
  readonly name?: unknown;
  readonly external_references?: unknown;
  readonly kill_chain_phases?: unknown;
  readonly x_mitre_shortname?: unknown;
  readonly revoked?: unknown;
}

const TACTIC_BY_SHORTNAME: ReadonlyMap<string, string> = new Map([...TACTIC_SHORT_NAMES].map(([id, name]) => [name, id]));

/** Technique id → tactic ids and names from an ATT&CK STIX 2 bundle, or a one-line reason it could not be read. */
export function readAttackBundle(path: string): AttackBundle | { readonly error: string } {
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
  const names = new Map<string, string>();
  for (const o of objects as StixObject[]) {
    if (o.type !== "attack-pattern" || o.revoked === true) continue;
    const id = attackId(o);
    if (!id || !Array.isArray(o.kill_chain_phases)) continue;
    if (typeof o.name === "string") names.set(id, o.name);
    const tactics = (o.kill_chain_phases as { kill_chain_name?: unknown; phase_name?: unknown }[])
      .filter((p) => p.kill_chain_name === "mitre-attack" && typeof p.phase_name === "string")
      .flatMap((p) => {
        const tactic = tacticIds.get(p.phase_name as string);
        return tactic ? [tactic] : [];
      });
    if (tactics.length) out.set(id, tactics);
  }
  if (out.size === 0) return { error: `${path} holds no ATT&CK technique with a tactic: expected MITRE's enterprise-attack.json` };
  return { tactics: out, names };
}

function attackId(o: StixObject): string | undefined {
  if (!Array.isArray(o.external_references)) return undefined;
  const ref = (o.external_references as { source_name?: unknown; external_id?: unknown }[]).find((r) => r.source_name === "mitre-attack");
  return typeof ref?.external_id === "string" ? ref.external_id : undefined;
}

/** Every Elastic rule of the hunt, fired or not, says which tactic its techniques belong to. */
export function threatsOf(rules: readonly HuntRule[]): (readonly ElasticThreat[])[] {
  return rules.flatMap((r) => (r.prepared.file.meta?.kind === "elastic" ? [r.prepared.file.meta.threat] : []));
}

/**
 * Tactics from the bundle when given (a sub-technique it does not list takes its parent's), else from the
 * Elastic rules' pairings (by parent technique).
 */
export function tacticsLookup(bundle: AttackBundle | undefined, threats: Iterable<readonly ElasticThreat[]>): TacticsOf {
  if (bundle) return (t) => bundle.tactics.get(t) ?? bundle.tactics.get(t.split(".")[0]!);
  const catalog = attackCatalog(threats);
  return (t) => {
    const set = catalog.tactics.get(t.split(".")[0]!);
    return set ? [...set] : undefined;
  };
}

/**
 * The matrix's catalog with the bundle's word on each technique (tactics by parent technique, names of
 * techniques and sub-techniques) over what the rules say.
 */
export function withBundle(catalog: AttackCatalog, bundle: AttackBundle): AttackCatalog {
  const fromBundle = new Map<string, Set<string>>();
  for (const [id, ids] of bundle.tactics) {
    const parent = id.split(".")[0]!;
    // A parent's own entry decides; its sub-techniques speak for a parent the bundle does not list.
    if (id !== parent && bundle.tactics.has(parent)) continue;
    const set = fromBundle.get(parent) ?? new Set<string>();
    for (const t of ids) set.add(t);
    fromBundle.set(parent, set);
  }
  return { names: new Map([...catalog.names, ...bundle.names]), tactics: new Map([...catalog.tactics, ...fromBundle]) };
}
