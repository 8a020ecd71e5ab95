/**
 * strftime/strptime with the directives Splunk documents
 * (https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/time-format-variables-and-modifiers/date-and-time-format-variables).
 * Used by `convert ctime`, eval strftime()/strptime(). Times are epoch seconds (with fraction);
 * rendering happens in an IANA zone through @date-fns/tz (default UTC). English names, C locale.
 */
import { TZDate, tzName, tzOffset } from "@date-fns/tz";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const pad = (n: number, width: number, fill = "0"): string => String(n).padStart(width, fill);

/** `+hhmm` (sep "") or `+hh:mm` (sep ":") for an offset in minutes east of UTC. */
function offsetText(minutesEast: number, sep: string, withSeconds = false): string {
  const sign = minutesEast < 0 ? "-" : "+";
  const m = Math.abs(minutesEast);
  return `${sign}${pad(Math.floor(m / 60), 2)}${sep}${pad(m % 60, 2)}${withSeconds ? `${sep}00` : ""}`;
}

/** Sub-second digits, truncated (Splunk does not round): `digits` of the fractional part. */
function subseconds(epochSeconds: number, digits: number): string {
  const frac = epochSeconds - Math.floor(epochSeconds);
  // Work in integer microseconds first to avoid binary noise (0.5 → 499999…).
  const micros = Math.round(frac * 1e6);
  const text = pad(Math.min(micros, 999999), 6) + "000";
  return text.slice(0, Math.max(1, Math.min(digits, 9)));
}

/** Wall-clock fields of an instant in a zone. */
interface Wall {
  readonly year: number;
  readonly month: number; // 0-11
  readonly day: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly weekday: number; // 0 = Sunday
  readonly offsetEast: number; // minutes
  readonly ms: number; // the instant
}

const DAY_MS = 86_400_000;

/**
 * Zone offsets change at most every few months and always on a quarter hour, so one Intl lookup
 * (through @date-fns/tz) per zone and 15-minute bucket is enough; rendering 100k times stays cheap.
 */
const offsetCache = new Map<string, Map<number, number>>();
function zoneOffsetMinutes(tz: string, ms: number): number {
  if (tz === "UTC" || tz === "Etc/UTC") return 0;
  let byBucket = offsetCache.get(tz);
  if (!byBucket) {
    byBucket = new Map();
    offsetCache.set(tz, byBucket);
  }
  const bucket = Math.floor(ms / 900_000);
  let off = byBucket.get(bucket);
  if (off === undefined) {
    if (byBucket.size > 100_000) byBucket.clear();
    off = tzOffset(tz, new Date(bucket * 900_000));
    byBucket.set(bucket, off);
  }
  return off;
}

function wallClock(ms: number, tz: string): Wall {
  const offsetEast = zoneOffsetMinutes(tz, ms);
  const d = new Date(ms + offsetEast * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    offsetEast,
    ms,
  };
}

const dayOfYear = (w: Wall): number => (Date.UTC(w.year, w.month, w.day) - Date.UTC(w.year, 0, 1)) / DAY_MS + 1;

/** ISO 8601 week and week-year: the week (Mon–Sun) holding the date's Thursday. */
function isoWeek(w: Wall): { week: number; year: number } {
  const date = Date.UTC(w.year, w.month, w.day);
  const thursday = date + (3 - ((w.weekday + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { week: Math.ceil(((thursday - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7), year };
}

/** Render `epochSeconds` with a strftime format in `tz`. */
export function formatStrftime(epochSeconds: number, format: string, tz = "UTC"): string {
  const w = wallClock(Math.floor(epochSeconds * 1000), tz);
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%" || i === format.length - 1) {
      out += c;
      continue;
    }
    // Optional width digits (%3N, %6Q) and `:` modifiers (%:z, %::z).
    let j = i + 1;
    let width = "";
    while (j < format.length && /[0-9]/.test(format[j]!)) width += format[j++]!;
    let colons = 0;
    while (j < format.length && format[j] === ":") {
      colons++;
      j++;
    }
    const dir = format[j];
    if (dir === undefined) {
      out += format.slice(i);
      break;
    }
    const rendered = directive(dir, w, epochSeconds, tz, width ? Number(width) : undefined, colons);
    if (rendered === undefined) out += format.slice(i, j + 1);
    else out += rendered;
    i = j;
  }
  return out;
}

function directive(
  dir: string,
  w: Wall,
  epochSeconds: number,
  tz: string,
  width: number | undefined,
  colons: number,
): string | undefined {
  const hour12 = w.hours % 12 === 0 ? 12 : w.hours % 12;
  const time = (): string => `${pad(w.hours, 2)}:${pad(w.minutes, 2)}:${pad(w.seconds, 2)}`;
  const ctimeHead = (): string => `${DAYS[w.weekday]!.slice(0, 3)} ${MONTHS[w.month]!.slice(0, 3)} ${pad(w.day, 2, " ")} ${time()}`;
  switch (dir) {
    case "Y": return String(w.year);
    case "y": return pad(w.year % 100, 2);
    case "C": return pad(Math.floor(w.year / 100), 2);
    case "m": return pad(w.month + 1, 2);
    case "d": return pad(w.day, 2);
    case "e": return pad(w.day, 2, " ");
    case "H": return pad(w.hours, 2);
    case "k": return pad(w.hours, 2, " ");
    case "I": return pad(hour12, 2);
    case "l": return pad(hour12, 2, " ");
    case "M": return pad(w.minutes, 2);
    case "S": return pad(w.seconds, 2);
    case "p": return w.hours < 12 ? "AM" : "PM";
    case "b": case "h": return MONTHS[w.month]!.slice(0, 3);
    case "B": return MONTHS[w.month]!;
    case "a": return DAYS[w.weekday]!.slice(0, 3);
    case "A": return DAYS[w.weekday]!;
    case "w": return String(w.weekday);
    case "u": return String(w.weekday === 0 ? 7 : w.weekday);
    case "j": return pad(dayOfYear(w), 3);
    // C: weeks counted from the year's first Sunday (%U) / Monday (%W); days before it are week 00.
    case "U": return pad(Math.floor((dayOfYear(w) - 1 + 7 - w.weekday) / 7), 2);
    case "W": return pad(Math.floor((dayOfYear(w) - 1 + 7 - ((w.weekday + 6) % 7)) / 7), 2);
    case "V": return pad(isoWeek(w).week, 2);
    case "G": return String(isoWeek(w).year);
    case "s": return String(Math.floor(epochSeconds));
    case "N": return subseconds(epochSeconds, width ?? 9);
    case "Q": return subseconds(epochSeconds, width ?? 3);
    case "f": return subseconds(epochSeconds, width ?? 6);
    case "z": return colons === 0 ? offsetText(w.offsetEast, "") : offsetText(w.offsetEast, ":", colons >= 2);
    case "Z": return zoneAbbreviation(tz, w.ms);
    case "F": return `${w.year}-${pad(w.month + 1, 2)}-${pad(w.day, 2)}`;
    case "T": case "X": return time();
    case "R": return `${pad(w.hours, 2)}:${pad(w.minutes, 2)}`;
    case "D": case "x": return `${pad(w.month + 1, 2)}/${pad(w.day, 2)}/${pad(w.year % 100, 2)}`;
    case "c": return `${ctimeHead()} ${w.year}`;
    case "+": return `${ctimeHead()} ${zoneAbbreviation(tz, w.ms)} ${w.year}`;
    case "n": return "\n";
    case "t": return "\t";
    case "%": return "%";
    default: return undefined;
  }
}

function zoneAbbreviation(tz: string, ms: number): string {
  if (tz === "UTC" || tz === "Etc/UTC") return "UTC";
  return tzName(tz, new Date(ms), "short");
}

// ---------------------------------------------------------------------------------------------
// strptime

interface Parsed {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number; // seconds
  pm: boolean | null;
  epoch: number | null;
  offsetMinutes: number | null; // east of UTC, from %z
}

const MONTH_INDEX = new Map(MONTHS.flatMap((m, i) => [[m.toLowerCase(), i + 1], [m.slice(0, 3).toLowerCase(), i + 1]] as const));

/**
 * Parse `text` with a strptime format into epoch seconds (fraction kept), interpreting wall times
 * in `tz` unless the text carries an offset (%z). Returns null when the text does not fit.
 */
export function parseStrptime(text: string, format: string, tz = "UTC"): number | null {
  const p: Parsed = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: 0, pm: null, epoch: null, offsetMinutes: null };
  let pos = 0;
  const num = (maxDigits: number): number | null => {
    const m = new RegExp(`^[+-]?\\d{1,${maxDigits}}`).exec(text.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      if (/\s/.test(c)) {
        while (pos < text.length && /\s/.test(text[pos]!)) pos++;
        continue;
      }
      if (text[pos] !== c) return null;
      pos++;
      continue;
    }
    let j = i + 1;
    let width = "";
    while (j < format.length && /[0-9]/.test(format[j]!)) width += format[j++]!;
    while (format[j] === ":") j++;
    const dir = format[j];
    i = j;
    let v: number | null;
    switch (dir) {
      case "Y": v = num(4); if (v === null) return null; p.year = v; break;
      case "y": v = num(2); if (v === null) return null; p.year = v < 69 ? 2000 + v : 1900 + v; break;
      case "m": v = num(2); if (v === null) return null; p.month = v; break;
      case "d": case "e":
        while (text[pos] === " ") pos++;
        v = num(2); if (v === null) return null; p.day = v; break;
      case "H": case "k": case "I": case "l":
        while (text[pos] === " ") pos++;
        v = num(2); if (v === null) return null; p.hour = v; break;
      case "M": v = num(2); if (v === null) return null; p.minute = v; break;
      case "S": v = num(2); if (v === null) return null; p.second = v; break;
      case "j": v = num(3); if (v === null) return null; p.month = 1; p.day = v; break;
      case "s": v = num(12); if (v === null) return null; p.epoch = v; break;
      case "N": case "Q": case "f": {
        const m = /^\d+/.exec(text.slice(pos, pos + (width ? Number(width) : 9)));
        if (!m) return null;
        pos += m[0].length;
        p.fraction = Number(`0.${m[0]}`);
        break;
      }
      case "p": {
        const m = /^(am|pm)/i.exec(text.slice(pos));
        if (!m) return null;
        pos += 2;
        p.pm = m[1]!.toLowerCase() === "pm";
        break;
      }
      case "b": case "B": case "h": {
        const m = /^[A-Za-z]+/.exec(text.slice(pos));
        const month = m ? MONTH_INDEX.get(m[0].toLowerCase()) : undefined;
        if (!m || month === undefined) return null;
        pos += m[0].length;
        p.month = month;
        break;
      }
      case "a": case "A": {
        const m = /^[A-Za-z]+/.exec(text.slice(pos));
        if (!m) return null;
        pos += m[0].length;
        break;
      }
      case "z": {
        const m = /^(Z|[+-]\d{2}:?\d{2})/.exec(text.slice(pos));
        if (!m) return null;
        pos += m[0].length;
        if (m[0] === "Z") p.offsetMinutes = 0;
        else {
          const digits = m[0].replace(":", "");
          const sign = digits[0] === "-" ? -1 : 1;
          p.offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
        }
        break;
      }
      case "Z": {
        const m = /^[A-Za-z]+/.exec(text.slice(pos));
        if (!m) return null;
        pos += m[0].length;
        if (m[0].toUpperCase() === "UTC" || m[0].toUpperCase() === "GMT" || m[0] === "Z") p.offsetMinutes = 0;
        break;
      }
      case "T": {
        const r = parseStrptimeParts(text.slice(pos), /^(\d{1,2}):(\d{2}):(\d{2})/);
        if (!r) return null;
        [p.hour, p.minute, p.second] = r.values as [number, number, number];
        pos += r.length;
        break;
      }
      case "F": {
        const r = parseStrptimeParts(text.slice(pos), /^(\d{4})-(\d{1,2})-(\d{1,2})/);
        if (!r) return null;
        [p.year, p.month, p.day] = r.values as [number, number, number];
        pos += r.length;
        break;
      }
      case "%":
        if (text[pos] !== "%") return null;
        pos++;
        break;
      default:
        return null;
    }
  }
  if (p.epoch !== null) return p.epoch + p.fraction;
  let hour = p.hour;
  if (p.pm !== null) hour = (hour % 12) + (p.pm ? 12 : 0);
  if (p.offsetMinutes !== null) {
    const ms = Date.UTC(p.year, p.month - 1, p.day, hour, p.minute, p.second) - p.offsetMinutes * 60_000;
    return ms / 1000 + p.fraction;
  }
  const local = new TZDate(p.year, p.month - 1, p.day, hour, p.minute, p.second, tz);
  const t = local.getTime();
  return Number.isNaN(t) ? null : t / 1000 + p.fraction;
}

function parseStrptimeParts(s: string, re: RegExp): { values: number[]; length: number } | null {
  const m = re.exec(s);
  if (!m) return null;
  return { values: m.slice(1).map(Number), length: m[0].length };
}
