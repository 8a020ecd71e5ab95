/**
 * Fuzzing (issue 13): damaged and random SPL, EQL and macro text, and damaged NDJSON, XML and EVTX bytes, through
 * the library API. No case may throw, and none may hang: the properties run in a worker thread (worker.ts,
 * properties.ts) that is stopped when one case runs longer than CASE_LIMIT_MS, and the case is reported. The
 * number of cases is fixed so the file fits CI; fast-check prints the seed of a failure to replay it.
 */
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { prepareRule } from "../../src/rule.js";
import { EQL_SEEDS, SPL_SEEDS } from "./seeds.js";
import { PROPERTIES } from "./properties.js";

/** Far above any case's real cost (milliseconds); only a hang reaches it. */
const CASE_LIMIT_MS = 10_000;

let worker: Worker | undefined;

/** The worker compiles the TypeScript sources with tsx (a devDependency), as ndjson-parallel's test workers do. */
function startWorker(): Promise<Worker> {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./worker.ts", import.meta.url).href);
  const w = new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, { eval: true });
  return new Promise((ready, failed) => {
    w.once("message", () => ready(w));
    w.once("error", failed);
  });
}

/** Runs property `index` in the worker; resolves with fast-check's failure report, or null when it held. */
async function runInWorker(index: number): Promise<string | null> {
  worker ??= await startWorker();
  const w = worker;
  return new Promise((done, failed) => {
    let last = { at: Date.now(), what: "(before the first case)" };
    const watchdog = setInterval(() => {
      if (Date.now() - last.at < CASE_LIMIT_MS) return;
      finish();
      worker = undefined;
      void w.terminate();
      done(`a case ran over ${CASE_LIMIT_MS} ms and was stopped: ${last.what}`);
    }, 250);
    const onMessage = (m: { beat?: string; done?: number; report?: string | null }) => {
      if (m.beat !== undefined) last = { at: Date.now(), what: m.beat };
      else if (m.done === index) {
        finish();
        done(m.report ?? null);
      }
    };
    const onError = (e: Error) => {
      finish();
      worker = undefined;
      failed(e);
    };
    const finish = () => {
      clearInterval(watchdog);
      w.off("message", onMessage);
      w.off("error", onError);
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.postMessage({ run: index });
  });
}

afterAll(async () => {
  await worker?.terminate();
});

describe("fuzz: no exception, no hang", () => {
  it("every seed rule prepares without an error (damage starts from rules that run)", () => {
    for (const [lang, seeds] of [["spl", SPL_SEEDS], ["eql", EQL_SEEDS]] as const) {
      for (const text of seeds) expect(prepareRule({ text, name: "seed" }, { lang }).diagnostics.filter((d) => d.severity === "error"), text).toEqual([]);
    }
  });

  PROPERTIES.forEach((p, i) => {
    it(p.name, async () => {
      expect(await runInWorker(i)).toBeNull();
    }, 120_000);
  });
});
