import { describe, expect, it } from "vitest";
import { progressBar, renderBar } from "../../src/cli/progress.js";
import { prepareProgress, ruleProgress } from "../../src/cli/hunt-progress.js";
import type { RuleRun } from "../../src/hunt/run.js";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe("progress bar", () => {
  it("stays silent when stderr is not a terminal or with --quiet", () => {
    const { stream } = fakeStream(false);
    expect(progressBar({ stream }).onProgress).toBeUndefined();
    expect(progressBar({ stream: fakeStream(true).stream, quiet: true }).onProgress).toBeUndefined();
  });

  it("draws only for big or slow inputs, at most every 100 ms, and erases itself", () => {
    let t = 0;
    const { stream, writes } = fakeStream(true);
    const bar = progressBar({ stream, now: () => t });
    t = 500;
    bar.onProgress!({ file: "small.log", bytesDone: 10, bytesTotal: 1000, filesDone: 0, filesTotal: 1, events: 0 });
    expect(writes).toEqual([]); // small and fast: nothing
    t = 2500;
    bar.onProgress!({ file: "small.log", bytesDone: 500, bytesTotal: 1000, filesDone: 0, filesTotal: 1, events: 0 });
    expect(writes).toHaveLength(1); // slow: drawn
    t = 2550;
    bar.onProgress!({ file: "small.log", bytesDone: 600, bytesTotal: 1000, filesDone: 0, filesTotal: 1, events: 0 });
    expect(writes).toHaveLength(1); // throttled
    bar.done();
    expect(writes.at(-1)).toBe("\r\u001b[K");
  });

  it("renders percentage, files, megabytes, events per second and the file", () => {
    const p = { file: "logs/big.ndjson", bytesDone: 60 * 2 ** 20, bytesTotal: 120 * 2 ** 20, filesDone: 2, filesTotal: 5, events: 90_000 };
    const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
    expect(plain(renderBar(p, 120, 2))).toBe(`reading ${"█".repeat(10)}${"░".repeat(10)}  50% · 2/5 files · 60/120 MB · 45,000 events/s logs/big.ndjson`);
    // An 80-column terminal: the counts stay, the file name goes first (cut from the left, or left out).
    expect(plain(renderBar({ ...p, file: "/evidence/host-17/Microsoft-Windows-Sysmon%4Operational.evtx" }, 80, 2))).toBe(
      `reading ${"█".repeat(10)}${"░".repeat(10)}  50% · 2/5 files · 60/120 MB · 45,000 events/s `,
    );
    expect(plain(renderBar(p, 100, 2)).length).toBeLessThanOrEqual(100);
  });
});

describe("hunt rule progress", () => {
  const run = (pathName: string, rows: number) =>
    ({ rule: { path: pathName }, result: { kind: "rows", columns: [], rows: Array.from({ length: rows }, () => ({})) }, eventsRead: 0, withoutData: false, ms: 0 }) as unknown as RuleRun;

  it("stays silent off a terminal and with --quiet", () => {
    expect(ruleProgress(3, { stream: fakeStream(false).stream }).onRule).toBeUndefined();
    expect(ruleProgress(3, { stream: fakeStream(true).stream, quiet: true }).onRule).toBeUndefined();
  });

  it("counts rules and alerts, draws after 2 s at most every 100 ms, and erases itself", () => {
    let t = 0;
    const { stream, writes } = fakeStream(true);
    const p = ruleProgress(3, { stream, now: () => t });
    t = 1000;
    p.onRule!(run("rules/a.yml", 2));
    expect(writes).toEqual([]);
    t = 2100;
    p.onRule!(run("rules/b.toml", 0));
    t = 2150;
    p.onRule!(run("rules/c.eql", 5));
    expect(writes.map((w) => w.replace(/\u001b\[[0-9;]*[mK]/g, ""))).toEqual(["\rrules 2/3 · 2 alerts so far · 2 s rules/b.toml"]);
    p.done();
    expect(writes.at(-1)).toBe("\r\u001b[K");
  });

  it("draws from the first rule on when the reading bar was shown (a big hunt), still at most every 100 ms", () => {
    let t = 1000;
    const { stream, writes } = fakeStream(true);
    const bar = progressBar({ stream, now: () => t });
    expect(bar.shown).toBe(false);
    t = 1500; // a big input: drawn before 2 s
    bar.onProgress!({ file: "big.ndjson", bytesDone: 1, bytesTotal: 60 * 2 ** 20, filesDone: 0, filesTotal: 1, events: 0 });
    bar.done();
    expect(bar.shown).toBe(true);
    const p = ruleProgress(3, { stream, now: () => t, atOnce: bar.shown });
    t = 1600;
    p.onRule!(run("rules/a.yml", 2));
    t = 1650;
    p.onRule!(run("rules/b.toml", 1));
    t = 1800;
    p.onRule!(run("rules/c.eql", 0));
    expect(writes.slice(2).map((w) => w.replace(/\u001b\[[0-9;]*[mK]/g, ""))).toEqual([
      "\rrules 1/3 · 2 alerts so far · 0 s rules/a.yml",
      "\rrules 3/3 · 3 alerts so far · 0 s rules/c.eql",
    ]);
  });

  it("says how many rule files a hunt has prepared, from 0.5 s on, and erases itself", () => {
    expect(prepareProgress({ stream: fakeStream(false).stream }).onFile).toBeUndefined();
    expect(prepareProgress({ stream: fakeStream(true).stream, quiet: true }).onFile).toBeUndefined();
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const p = prepareProgress({ stream, now: () => t });
    t = 400;
    p.onFile!(1, 1566, "rules/escu/a.yml");
    expect(writes).toEqual([]);
    t = 600;
    p.onFile!(2, 1566, "rules/escu/b.yml");
    t = 650;
    p.onFile!(3, 1566, "rules/escu/c.yml");
    t = 720;
    p.onFile!(4, 1566, "rules/elastic/d.toml");
    expect(writes.map((w) => w.replace(/\u001b\[[0-9;]*[mK]/g, ""))).toEqual([
      "\rpreparing rules 2/1566 · 0.6 s rules/escu/b.yml",
      "\rpreparing rules 4/1566 · 0.7 s rules/elastic/d.toml",
    ]);
    p.done();
    expect(writes.at(-1)).toBe("\r\u001b[K");
  });
});
