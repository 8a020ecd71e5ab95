/**
 * The hunt's alerts over time as an inline SVG histogram: buckets sized from the time span, bars stacked
 * by severity, axis labels in UTC, a `<title>` per bar for the exact counts (no script needed).
 */
import { escapeHtml } from "./html-escape.js";
import { SEVERITIES, type TimelineAlert } from "./timeline.js";

/** Most severe first, as stacked from the bottom up and listed in legends. */
export const SEVERITY_ORDER = [...[...SEVERITIES].reverse(), "none"] as const;

export const SEVERITY_COLOURS: Readonly<Record<(typeof SEVERITY_ORDER)[number], string>> = {
  critical: "#b91c1c",
  high: "#ea580c",
  medium: "#d69e00",
  low: "#2f6fde",
  informational: "#5b8a8f",
  none: "#9aa1ab",
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bucket sizes a reader can name; the smallest that keeps the chart to MAX_BUCKETS bars wins. */
const BUCKETS: readonly [number, string][] = [
  [SECOND, "1 s"], [5 * SECOND, "5 s"], [15 * SECOND, "15 s"], [30 * SECOND, "30 s"],
  [MINUTE, "1 min"], [5 * MINUTE, "5 min"], [15 * MINUTE, "15 min"], [30 * MINUTE, "30 min"],
  [HOUR, "1 h"], [3 * HOUR, "3 h"], [6 * HOUR, "6 h"], [12 * HOUR, "12 h"],
  [DAY, "1 day"], [7 * DAY, "7 days"], [30 * DAY, "30 days"], [91 * DAY, "91 days"], [365 * DAY, "365 days"],
];
const MAX_BUCKETS = 60;
const MAX_BURSTS = 4;

const WIDTH = 1100;
const HEIGHT = 260;
const PAD = { left: 48, right: 16, top: 12, bottom: 52 };

/**
 * The histogram as SVG, or a note when no alert has a time. Alerts in bursts far apart (evidence from
 * several captures, months between them) get one chart per burst: on one axis each burst would be a
 * single bar at an edge.
 */
export function timelineChart(alerts: readonly TimelineAlert[]): string {
  const timed = alerts
    .filter((a) => a.time !== null)
    .map((a) => ({ ms: Date.parse(a.time!), severity: a.severity ?? "none" }))
    .sort((a, b) => a.ms - b.ms);
  const untimed = alerts.length - timed.length;
  const untimedNote = untimed ? `<p class="note">${untimed} alert(s) have no time (a row with no <code>_time</code> or <code>firstTime</code> and no timed event behind it, such as a <code>stats count</code> over no events) and are not in the chart.</p>` : "";
  if (timed.length === 0) return `<p class="note">No alert has a time: nothing to chart.</p>${untimedNote}`;
  const bursts = splitBursts(timed);
  const intro = bursts.length > 1 ? `<p class="note">The alerts fall in ${bursts.length} bursts far apart in time; each has its own chart and time scale.</p>` : "";
  const legend = SEVERITY_ORDER.map(
    (s) => `<span class="key"><i style="background:${SEVERITY_COLOURS[s]}"></i>${s} ${timed.filter((t) => t.severity === s).length}</span>`,
  ).join("");
  return `${intro}${bursts.map(histogram).join("\n")}<div class="legend">${legend}</div>${untimedNote}`;
}

interface Timed {
  readonly ms: number;
  readonly severity: string;
}

/**
 * Splits at the widest gap while it is at least an hour and a fifth of the part's span, then splits each
 * side the same way, up to `room` bursts in all.
 */
function splitBursts(timed: readonly Timed[], room = MAX_BURSTS): (readonly Timed[])[] {
  if (room < 2 || timed.length < 2) return [timed];
  let at = 1;
  for (let i = 2; i < timed.length; i++) if (timed[i]!.ms - timed[i - 1]!.ms > timed[at]!.ms - timed[at - 1]!.ms) at = i;
  const gap = timed[at]!.ms - timed[at - 1]!.ms;
  if (gap < Math.max(HOUR, (timed[timed.length - 1]!.ms - timed[0]!.ms) / 5)) return [timed];
  const left = splitBursts(timed.slice(0, at), room - 1);
  return [...left, ...splitBursts(timed.slice(at), room - left.length)];
}

function histogram(timed: readonly Timed[]): string {
  // sorted by time
  const min = timed[0]!.ms;
  const max = timed[timed.length - 1]!.ms;
  const [size, label] = BUCKETS.find(([s]) => Math.floor(max / s) - Math.floor(min / s) + 1 <= MAX_BUCKETS) ?? BUCKETS[BUCKETS.length - 1]!;
  const start = Math.floor(min / size) * size;
  const n = Math.floor((max - start) / size) + 1;
  const counts = Array.from({ length: n }, () => Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<string, number>);
  for (const t of timed) counts[Math.floor((t.ms - start) / size)]![t.severity]! += 1;
  const totals = counts.map((c) => SEVERITY_ORDER.reduce((sum, s) => sum + c[s]!, 0));

  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = niceStep(Math.max(...totals) / 4);
  const top = Math.max(step, Math.ceil(Math.max(...totals) / step) * step);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / n;
  const barW = Math.max(1, slot * 0.8);
  const parts: string[] = [];

  // y grid and labels: up to four round steps of whole alerts
  for (let v = 0; v <= top; v += step) {
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fx(y(v))}" y2="${fx(y(v))}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${fx(y(v) + 4)}" text-anchor="end">${v}</text>`);
  }

  counts.forEach((c, i) => {
    if (totals[i] === 0) return;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = y(0);
    const rects: string[] = [];
    for (const s of SEVERITY_ORDER) {
      if (c[s] === 0) continue;
      // A single alert next to hundreds would round to nothing: every present severity gets 2 px at least.
      const h = Math.max(2, (c[s]! / top) * plotH);
      base -= h;
      rects.push(`<rect x="${fx(x)}" y="${fx(base)}" width="${fx(barW)}" height="${fx(h)}" fill="${SEVERITY_COLOURS[s]}"/>`);
    }
    const breakdown = SEVERITY_ORDER.filter((s) => c[s]! > 0).map((s) => `${s} ${c[s]}`).join(", ");
    const when = `${utc(start + i * size, size)} UTC, ${label}`;
    parts.push(`<g><title>${escapeHtml(`${when}: ${totals[i]} alert(s) (${breakdown})`)}</title>${rects.join("")}</g>`);
  });

  // x axis: at most 8 labels, on bucket starts; the date under the time when buckets are shorter than a day
  parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${fx(y(0))}" y2="${fx(y(0))}" class="axis"/>`);
  const every = Math.max(1, Math.ceil(n / 8));
  let lastDate = "";
  for (let i = 0; i < n; i += every) {
    const ms = start + i * size;
    const x = PAD.left + i * slot + slot / 2;
    const iso = new Date(ms).toISOString();
    parts.push(`<line x1="${fx(x)}" x2="${fx(x)}" y1="${fx(y(0))}" y2="${fx(y(0) + 4)}" class="axis"/>`);
    if (size < DAY) {
      const date = iso.slice(0, 10);
      parts.push(`<text x="${fx(x)}" y="${fx(y(0) + 17)}" text-anchor="middle">${size < MINUTE ? iso.slice(11, 19) : iso.slice(11, 16)}</text>`);
      if (date !== lastDate) parts.push(`<text x="${fx(x)}" y="${fx(y(0) + 31)}" text-anchor="middle" class="sub">${date}</text>`);
      lastDate = date;
    } else {
      parts.push(`<text x="${fx(x)}" y="${fx(y(0) + 17)}" text-anchor="middle">${iso.slice(0, 10)}</text>`);
    }
  }
  parts.push(`<text x="${WIDTH - PAD.right}" y="${HEIGHT - 4}" text-anchor="end" class="sub">time (UTC), ${label} per bar</text>`);
  parts.push(`<text x="${PAD.left}" y="${HEIGHT - 4}" class="sub">alerts from ${utc(min, SECOND)} to ${utc(max, SECOND)} UTC</text>`);

  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="alerts over time">${parts.join("")}</svg>`;
}

/** The round step (1, 2, 5 × 10^k, at least 1) at or above v. */
function niceStep(v: number): number {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((c) => c >= v) ?? 10 * p;
}

function utc(ms: number, size: number): string {
  const iso = new Date(ms).toISOString();
  return size >= DAY ? iso.slice(0, 10) : size >= MINUTE ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function fx(v: number): string {
  return String(Math.round(v * 10) / 10);
}
