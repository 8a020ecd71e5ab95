/**
 * `splice hunt --replay`: cron, Splunk relative times and Elastic date math at exact instants; scheduled
 * runs over the shipped fixtures, hand-checked; Elastic de-duplication across overlapping windows and the
 * max_signals cap; ESCU re-raising in overlapping windows and its throttling.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nextFire, parseCron } from "../../src/hunt/cron.js";
import { replayHunt, replayRuleRuns } from "../../src/hunt/replay.js";
import { huntLoad } from "../../src/hunt/run.js";
import { prepareHuntRules } from "../../src/hunt/rules.js";
import { parseDateMath, parseInterval, scheduledRuns, splunkTime, type RuleSchedule } from "../../src/hunt/schedule.js";
import { loadFiles } from "../../src/model/load.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ESCU_RULE = path.join(ROOT, "test/rules/fixtures/escu/detections/remote_process_instantiation_via_wmi.yml");
const ELASTIC_RULE = path.join(ROOT, "test/rules/fixtures/elastic/wmi_cmd_redirect.toml");
const EMPIRE = path.join(ROOT, "datasets/otrf-empire-wmic");
const WMIEXEC = path.join(ROOT, "datasets/e2ma-wmiexec");

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function cron(text: string) {
  const c = parseCron(text);
  if ("error" in c) throw new Error(c.error);
  return c.cron;
}

describe("cron", () => {
  it.each([
    ["0 * * * *", "2020-09-14T12:06:02Z", "2020-09-14T13:00:00.000Z"],
    ["0 * * * *", "2020-09-14T13:00:00Z", "2020-09-14T13:00:00.000Z"],
    ["10 0 * * *", "2021-04-26T08:25:00Z", "2021-04-27T00:10:00.000Z"],
    // 2021-04-24 is a Saturday: the next weekday slot is Monday 09:00.
    ["*/15 9-17 * * 1-5", "2021-04-24T10:00:00Z", "2021-04-26T09:00:00.000Z"],
    ["*/15 9-17 * * 1-5", "2021-04-26T09:01:00Z", "2021-04-26T09:15:00.000Z"],
    // Both day fields restricted: the 13th (a Tuesday) or a Friday, whichever comes first.
    ["0 0 13 * 5", "2021-04-10T00:01:00Z", "2021-04-13T00:00:00.000Z"],
    ["30 2 1 */3 *", "2021-04-26T00:00:00Z", "2021-07-01T02:30:00.000Z"],
    ["0 0 * * 7", "2021-04-26T00:00:00Z", "2021-05-02T00:00:00.000Z"],
  ])("%s after %s fires at %s", (text, after, expected) => {
    expect(iso(nextFire(cron(text), at(after)))).toBe(expected);
  });

  it("never fires on a date that does not exist", () => {
    expect(nextFire(cron("0 0 30 2 *"), at("2021-01-01T00:00:00Z"))).toBeNull();
  });

  it.each([
    ["0 * * *", "must have 5 fields"],
    ["0 * * * MON", "names, @-macros"],
    ["@hourly", "must have 5 fields"],
    ["60 * * * *", "outside 0–59"],
    ["0 0 ? * *", "names, @-macros, ? L W #"],
    ["*/0 * * * *", "zero step"],
  ])("refuses `%s`", (text, message) => {
    const c = parseCron(text);
    expect("error" in c && c.error).toContain(message);
  });
});

describe("Splunk relative time and Elastic date math", () => {
  it.each([
    ["-70m@m", "2020-09-14T13:00:00Z", "2020-09-14T11:50:00.000Z"],
    ["-10m@m", "2020-09-14T13:00:00Z", "2020-09-14T12:50:00.000Z"],
    ["-70m@m", "2020-09-14T13:07:30Z", "2020-09-14T11:57:00.000Z"],
    ["-1450m@m", "2021-04-27T00:10:00Z", "2021-04-26T00:00:00.000Z"],
    ["-1d@d", "2021-04-26T08:25:00Z", "2021-04-25T00:00:00.000Z"],
    ["@h", "2021-04-26T08:25:00Z", "2021-04-26T08:00:00.000Z"],
    ["now", "2021-04-26T08:25:00Z", "2021-04-26T08:25:00.000Z"],
  ])("%s at %s is %s", (spec, when, expected) => {
    expect(iso(splunkTime(spec, at(when)))).toBe(expected);
  });

  it("refuses what is not a relative time", () => {
    expect(splunkTime("-70x", 0)).toBeNull();
  });

  it("reads Elastic offsets and intervals", () => {
    expect(parseDateMath("now-9m")).toBe(-540_000);
    expect(parseDateMath("now-1h+5m")).toBe(-3_300_000);
    expect(parseDateMath("now")).toBe(0);
    expect(parseDateMath("now-9m/m")).toMatch(/no rounding/);
    expect(parseDateMath("now-1M")).toMatch(/not Elastic date math/);
    expect(parseInterval("5m")).toBe(300_000);
    expect(parseInterval("24h")).toBe(86_400_000);
    expect(parseInterval("0m")).toMatch(/not a duration/);
  });
});

describe("scheduled runs over a span", () => {
  const escu: RuleSchedule = { vendor: "splunk", cron: cron("0 * * * *"), earliest: "-70m@m", latest: "-10m@m", source: "ESCU default for TTP" };
  const runs = (s: RuleSchedule, min: string, max: string) => {
    const r = scheduledRuns(s, at(min), at(max));
    if (typeof r === "string") throw new Error(r);
    return r.map((x) => [iso(x.at), iso(x.start), iso(x.end)]);
  };

  it("ESCU hourly: every run whose [earliest, latest) meets the span", () => {
    // An event at 10:42 is searched by the 11:00 run only: [09:50, 10:50); 12:00 searches [10:50, 11:50).
    expect(runs(escu, "2021-01-01T10:42:00Z", "2021-01-01T10:42:00Z")).toEqual([["2021-01-01T11:00:00.000Z", "2021-01-01T09:50:00.000Z", "2021-01-01T10:50:00.000Z"]]);
    expect(runs(escu, "2021-01-01T10:42:00Z", "2021-01-01T10:55:00Z").map((r) => r[0])).toEqual(["2021-01-01T11:00:00.000Z", "2021-01-01T12:00:00.000Z"]);
  });

  it("Elastic: on multiples of the interval, [now+from, now] both ends in", () => {
    const elastic: RuleSchedule = { vendor: "elastic", intervalMs: 300_000, fromMs: -540_000, maxSignals: 100, interval: "5m", from: "now-9m" };
    expect(runs(elastic, "2021-04-26T08:25:37Z", "2021-04-26T08:26:03Z")).toEqual([
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:21:00.000Z", "2021-04-26T08:30:00.000Z"],
      ["2021-04-26T08:35:00.000Z", "2021-04-26T08:26:00.000Z", "2021-04-26T08:35:00.000Z"],
    ]);
  });
});

async function replay(ruleFiles: readonly string[], data: readonly string[]) {
  const { rules } = prepareHuntRules(ruleFiles, { tz: "UTC" });
  const { sieve } = await huntLoad(data, rules, { stream: false });
  return replayHunt(rules, sieve);
}

/** A copy of a fixture rule with some text changed, in a fresh folder. */
function variant(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "splice-replay-"));
  const out = path.join(dir, path.basename(file));
  writeFileSync(out, edit(readFileSync(file, "utf8")));
  return out;
}

const brief = (r: Awaited<ReturnType<typeof replay>>) => r.alerts.map((a) => [a.raised_at, a.window_start, a.window_end, a.time]);

describe("replay over the shipped fixtures", () => {
  it("ESCU TTP: the 13:00 run, searching [11:50, 12:50), raises the 12:06 WMIC rows", async () => {
    const r = await replay([ESCU_RULE, path.join(ROOT, "queries")], [EMPIRE]);
    expect(brief(r)).toEqual([
      ["2020-09-14T13:00:00.000Z", "2020-09-14T11:50:00.000Z", "2020-09-14T12:50:00.000Z", "2020-09-14T12:06:02.000Z"],
      ["2020-09-14T13:00:00.000Z", "2020-09-14T11:50:00.000Z", "2020-09-14T12:50:00.000Z", "2020-09-14T12:06:03.000Z"],
    ]);
    const escu = r.rules.find((x) => x.rule.path === ESCU_RULE)!;
    expect(escu).toMatchObject({ runs: 1, runsWithEvents: 1, throttled: 0 });
    expect(r.rules.filter((x) => x.notReplayed).map((x) => path.basename(x.rule.path))).toEqual(["remote_process_instantiation_via_wmi.spl", "suspicious_cmd_execution_via_wmi.eql"]);
    expect(r.untimed).toBe(0);
  });

  it("'without data' means what it means in a hunt: no event of a kind the rule reads, not no event accepted", async () => {
    // Process starts are loaded but none has "*nothing*" in its command line: the rule had data and found nothing.
    const unmatched = variant(ESCU_RULE, (t) => t.replace('Processes.process="*/node:*"', 'Processes.process="*nothing*"'));
    // No loaded event is in Endpoint.Registry.
    const registry = variant(ESCU_RULE, (t) => t.replace(/from datamodel=Endpoint\.Processes where [^|]*\|/, "from datamodel=Endpoint.Registry by Registry.dest |"));
    const r = await replay([ESCU_RULE, unmatched, registry], [EMPIRE]);
    // The two WMIC process starts (Sysmon 1 and 4688) the first test's alerts come from.
    expect(r.rules.map((x) => [x.eventsRead, x.withoutData])).toEqual([
      [2, false],
      [0, false],
      [0, true],
    ]);
    expect(replayRuleRuns(r).map((x) => x.withoutData)).toEqual([false, false, true]);
  });

  it("Elastic defaults of the fixture (every 5m over now-9m): the 08:30 run raises both wmiexec starts", async () => {
    const r = await replay([ELASTIC_RULE], [WMIEXEC]);
    expect(brief(r)).toEqual([
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:21:00.000Z", "2021-04-26T08:30:00.000Z", "2021-04-26T08:25:37.258Z"],
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:21:00.000Z", "2021-04-26T08:30:00.000Z", "2021-04-26T08:25:38.435Z"],
    ]);
    expect(r.rules[0]).toMatchObject({ runs: 2, duplicates: 0, droppedByMaxSignals: 0 });
  });

  it("Elastic: a hit seen by three overlapping runs (now-15m every 5m) is raised once, by the first", async () => {
    const rule = variant(ELASTIC_RULE, (t) => t.replace('from = "now-9m"', 'from = "now-15m"'));
    const r = await replay([rule], [WMIEXEC]);
    // Runs 08:30 [08:15, 08:30], 08:35 [08:20, 08:35], 08:40 [08:25, 08:40] all hold 08:25:37 and 08:25:38.
    expect(brief(r).map((a) => [a[0], a[3]])).toEqual([
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:25:37.258Z"],
      ["2021-04-26T08:30:00.000Z", "2021-04-26T08:25:38.435Z"],
    ]);
    expect(r.rules[0]).toMatchObject({ runs: 3, runsWithEvents: 3, duplicates: 4, droppedByMaxSignals: 0 });
  });

  it("Elastic: max_signals caps each run, before de-duplication (the capped-out hit is never raised)", async () => {
    const rule = variant(ELASTIC_RULE, (t) => t.replace('from = "now-9m"', 'from = "now-15m"').replace("max_signals = 5", "max_signals = 1"));
    const r = await replay([rule], [WMIEXEC]);
    // Each run matches both starts and keeps one (the engine's EQL size: the most recent); runs 2 and 3 keep the same one.
    expect(brief(r).map((a) => [a[0], a[3]])).toEqual([["2021-04-26T08:30:00.000Z", "2021-04-26T08:25:38.435Z"]]);
    expect(r.rules[0]).toMatchObject({ runs: 3, droppedByMaxSignals: 3, duplicates: 2 });
  });

  it.each([
    ["KQL (query type: the earliest hits)", "kuery", 'process.parent.name : "WmiPrvSE.exe" and process.name : "cmd.exe" and process.args : "1>"'],
    ["ES|QL (the first rows)", "esql", 'from logs-* | where process.parent.name == "WmiPrvSE.exe" and process.name == "cmd.exe" | sort @timestamp'],
  ])("Elastic %s: each run's max_signals cut is counted, as the EQL size's is", async (_, language, query) => {
    const rule = variant(ELASTIC_RULE, (t) =>
      t
        .replace('from = "now-9m"', 'from = "now-15m"')
        .replace("max_signals = 5", "max_signals = 1")
        .replace('language = "eql"', `language = "${language}"`)
        .replace('type = "eql"', `type = "${language === "kuery" ? "query" : "esql"}"`)
        .replace(/query = '''[^']*'''/, `query = '''\n${query}\n'''`),
    );
    const r = await replay([rule], [WMIEXEC]);
    // Each run matches both starts and keeps the earliest, which runs 2 and 3 would raise again.
    expect(brief(r).map((a) => [a[0], a[3]])).toEqual([["2021-04-26T08:30:00.000Z", "2021-04-26T08:25:37.258Z"]]);
    expect(r.rules[0]).toMatchObject({ runs: 3, droppedByMaxSignals: 3, duplicates: 2 });
  });

  it("ESCU: a row seen again by an overlapping run is raised again, unless the detection throttles", async () => {
    const every30 = (t: string) => `${t}deployment:\n  scheduling:\n    cron_schedule: '*/30 * * * *'\n    earliest_time: -70m@m\n    latest_time: -10m@m\n`;
    const rule = variant(ESCU_RULE, every30);
    const r = await replay([rule], [EMPIRE]);
    // 12:06 is in the 12:30 run's [11:20, 12:20) and the 13:00 run's [11:50, 12:50): two rows, twice.
    expect(brief(r).map((a) => [a[0], a[1], a[3]])).toEqual([
      ["2020-09-14T12:30:00.000Z", "2020-09-14T11:20:00.000Z", "2020-09-14T12:06:02.000Z"],
      ["2020-09-14T12:30:00.000Z", "2020-09-14T11:20:00.000Z", "2020-09-14T12:06:03.000Z"],
      ["2020-09-14T13:00:00.000Z", "2020-09-14T11:50:00.000Z", "2020-09-14T12:06:02.000Z"],
      ["2020-09-14T13:00:00.000Z", "2020-09-14T11:50:00.000Z", "2020-09-14T12:06:03.000Z"],
    ]);
    // The two rows differ by user (THESHIRE\pgustavo, pgustavo): each is raised at 12:30 and suppressed at 13:00, 30m later.
    const throttled = variant(ESCU_RULE, (t) => every30(t.replace("  product:\n", "  throttling:\n    fields: [dest, user]\n    period: 1h\n  product:\n")));
    const t = await replay([throttled], [EMPIRE]);
    expect(brief(t).map((a) => a[0])).toEqual(["2020-09-14T12:30:00.000Z", "2020-09-14T12:30:00.000Z"]);
    expect(t.rules[0]).toMatchObject({ runs: 2, throttled: 2 });
  });
});
