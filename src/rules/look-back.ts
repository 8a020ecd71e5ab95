/** Elastic relative times as rule files write them (`from = "now-9m"`, `history_window_start = "now-7d"`). */

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `now-9m` → 540000 ms; undefined for anything else (the window is then not applied). */
export function parseLookBack(from: string): number | undefined {
  const m = /^now-(\d+)([smhd])$/.exec(from.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}
