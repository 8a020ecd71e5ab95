/**
 * The ATT&CK techniques a hunt hit, laid out as the Enterprise matrix: one column per tactic, a cell per
 * technique with its alert count, sub-techniques under their parent. Which tactic a technique belongs to
 * and what it is called come from the rules' own metadata (Elastic `[[rule.threat]]`): an Elastic alert
 * is placed by its own rule's pairing; an ESCU alert (ids only) by what the hunt's Elastic rules say of
 * that technique; a technique nobody names a tactic for goes to "other".
 */
import type { ElasticThreat } from "../rules/types.js";
import type { TimelineAlert } from "./timeline.js";

/** Enterprise tactics in the matrix's left-to-right order; only the order and the names are shipped. */
export const TACTICS: readonly { readonly id: string; readonly name: string }[] = [
  { id: "TA0043", name: "Reconnaissance" },
  { id: "TA0042", name: "Resource Development" },
  { id: "TA0001", name: "Initial Access" },
  { id: "TA0002", name: "Execution" },
  { id: "TA0003", name: "Persistence" },
  { id: "TA0004", name: "Privilege Escalation" },
  { id: "TA0005", name: "Defense Evasion" },
  { id: "TA0006", name: "Credential Access" },
  { id: "TA0007", name: "Discovery" },
  { id: "TA0008", name: "Lateral Movement" },
  { id: "TA0009", name: "Collection" },
  { id: "TA0011", name: "Command and Control" },
  { id: "TA0010", name: "Exfiltration" },
  { id: "TA0040", name: "Impact" },
];

export const OTHER_TACTIC = "other";

/** Tactic id → ATT&CK's short name (`TA0004` → `privilege-escalation`), as STIX and Splunk ES's risk events write it. */
export const TACTIC_SHORT_NAMES: ReadonlyMap<string, string> = new Map(TACTICS.map((t) => [t.id, t.name.toLowerCase().replace(/ /g, "-")]));

/** What the rules say about techniques: names by id (techniques and sub-techniques) and tactic ids by parent technique. */
export interface AttackCatalog {
  readonly names: ReadonlyMap<string, string>;
  readonly tactics: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The catalog from the `threat` entries of any number of Elastic rules. */
export function attackCatalog(threats: Iterable<readonly ElasticThreat[]>): AttackCatalog {
  const names = new Map<string, string>();
  const tactics = new Map<string, Set<string>>();
  for (const list of threats) {
    for (const [tactic, technique] of pairs(list)) {
      if (tactic === OTHER_TACTIC) continue;
      const parent = parentOf(technique);
      const set = tactics.get(parent) ?? new Set();
      set.add(tactic);
      tactics.set(parent, set);
    }
    for (const t of list) {
      for (const tech of t.techniques) {
        if (tech.name) names.set(tech.id, tech.name);
        for (const s of tech.subtechniques) if (s.name) names.set(s.id, s.name);
      }
    }
  }
  return { names, tactics };
}

export interface MatrixCell {
  /** Parent technique id (`T1547`), or "" for alerts whose rule names a tactic but no technique. */
  readonly technique: string;
  readonly name?: string;
  readonly alerts: number;
  readonly subtechniques: readonly { readonly id: string; readonly name?: string; readonly alerts: number }[];
}

export interface MatrixColumn {
  /** A tactic id from TACTICS, or OTHER_TACTIC. */
  readonly tactic: string;
  readonly name: string;
  readonly cells: readonly MatrixCell[];
}

/**
 * The columns that have at least one cell, in matrix order, cells most alerts first. An alert counts once
 * per cell however many of its ids fall there (T1547 and T1547.001 on one alert: one alert for T1547).
 */
export function attackMatrix(alerts: readonly TimelineAlert[], catalog: AttackCatalog): MatrixColumn[] {
  // tactic → parent technique → alert indexes; and sub-technique id → alert indexes
  const hits = new Map<string, Map<string, Set<number>>>();
  const subHits = new Map<string, Map<string, Set<number>>>();
  const add = (tactic: string, technique: string, i: number) => {
    const parent = parentOf(technique);
    const byTech = hits.get(tactic) ?? new Map<string, Set<number>>();
    hits.set(tactic, byTech);
    byTech.set(parent, (byTech.get(parent) ?? new Set()).add(i));
    if (parent !== technique) {
      const bySub = subHits.get(`${tactic}\u0000${parent}`) ?? new Map<string, Set<number>>();
      subHits.set(`${tactic}\u0000${parent}`, bySub);
      bySub.set(technique, (bySub.get(technique) ?? new Set()).add(i));
    }
  };
  alerts.forEach((a, i) => {
    const own = a.alert.threat ? pairs(a.alert.threat) : [];
    const placed = new Set(own.map(([, t]) => t));
    for (const [tactic, technique] of own) add(known(tactic), technique, i);
    for (const t of a.alert.threat ?? []) if (t.tactic && t.techniques.length === 0) add(known(t.tactic.id), "", i);
    for (const id of a.mitre_attack) {
      if (placed.has(id)) continue;
      const tactics = catalog.tactics.get(parentOf(id));
      if (tactics?.size) for (const tactic of tactics) add(known(tactic), id, i);
      else add(OTHER_TACTIC, id, i);
    }
  });
  const columns = [...TACTICS, { id: OTHER_TACTIC, name: "Other (no tactic known)" }];
  return columns
    .filter((c) => hits.has(c.id))
    .map((c) => ({
      tactic: c.id,
      name: c.name,
      cells: [...hits.get(c.id)!]
        .map(([technique, set]) => {
          const subs = [...(subHits.get(`${c.id}\u0000${technique}`) ?? [])]
            .map(([id, s]) => ({ id, ...nameOf(catalog, id), alerts: s.size }))
            .sort((x, y) => y.alerts - x.alerts || x.id.localeCompare(y.id));
          return { technique, ...nameOf(catalog, technique), alerts: set.size, subtechniques: subs };
        })
        .sort((x, y) => y.alerts - x.alerts || x.technique.localeCompare(y.technique)),
    }));
}

/** (tactic id, technique or sub-technique id) for every technique a threat list names. */
function pairs(threats: readonly ElasticThreat[]): [string, string][] {
  const out: [string, string][] = [];
  for (const t of threats) {
    const tactic = t.tactic?.id ?? OTHER_TACTIC;
    for (const tech of t.techniques) {
      out.push([tactic, tech.id]);
      for (const s of tech.subtechniques) out.push([tactic, s.id]);
    }
  }
  return out;
}

const KNOWN = new Set(TACTICS.map((t) => t.id));

/** Mobile or ICS tactic ids, or a typo, have no Enterprise column. */
function known(tactic: string): string {
  return KNOWN.has(tactic) ? tactic : OTHER_TACTIC;
}

function parentOf(id: string): string {
  const dot = id.indexOf(".");
  return dot < 0 ? id : id.slice(0, dot);
}

function nameOf(catalog: AttackCatalog, id: string): { name?: string } {
  const name = catalog.names.get(id);
  return name === undefined ? {} : { name };
}
