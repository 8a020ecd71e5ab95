/** `splice repl` — the interactive front end over ReplSession (readline, history, completion). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ReadStream } from "node:tty";
import { parseArgs } from "node:util";
import chalk from "chalk";
import { EXIT } from "../exit-codes.js";
import { macroTableFor } from "../rule-input.js";
import { makeCompleter } from "./completion.js";
import { needsContinuation } from "./continuation.js";
import { ReplSession } from "./session.js";
import { justInterrupted } from "./interrupt.js";
import { progressBar } from "../progress.js";
import { resolveDataArgs } from "../data-args.js";
import { reportLoad } from "../load-report.js";
import { parseRegexBudget } from "../regex-budget.js";
import { timeZone } from "../options.js";

export const REPL_USAGE = `usage: splice repl [DATA…] [--macros DIR]… [--tz ZONE] [--regex-budget SECONDS] [--quiet]

Load the data once, then type SPL or EQL queries. .help inside lists the dot-commands.
Ctrl-C stops a running query or drops the entry being typed; Ctrl-D (or .quit) leaves.

example:
  splice repl ../shared/datasets/otrf/empire_wmic_add_user_backdoor*.ndjson.gz`;

export interface ReplIo {
  readonly input: Readable;
  readonly output: Writable;
  /** Force terminal mode (line editing, Tab completion) even when the streams are not TTYs. */
  readonly terminal?: boolean;
  /** History file; undefined = none. */
  readonly historyFile?: string;
}

const PROMPT = "splice> ";
const CONTINUE = "   ...> ";

export async function startRepl(session: ReplSession, io: ReplIo): Promise<void> {
  const history = io.historyFile && existsSync(io.historyFile) ? readFileSync(io.historyFile, "utf8").split("\n").filter(Boolean).reverse() : [];
  const rl = readline.createInterface({
    input: io.input,
    output: io.output,
    terminal: io.terminal ?? Boolean((io.output as { isTTY?: boolean }).isTTY),
    completer: makeCompleter({ macros: session.options.macros, fields: () => session.fields() }),
    history,
    historySize: 1000,
    removeHistoryDuplicates: true,
  });
  let buffer = "";
  let closed = false;
  let running = false;
  rl.setPrompt(PROMPT);
  rl.prompt();
  const done = new Promise<void>((resolve) =>
    rl.once("close", () => {
      closed = true;
      resolve();
    }),
  );
  const prompt = (p: string) => {
    if (closed) return;
    rl.setPrompt(p);
    rl.prompt();
  };
  // Ctrl-C at the prompt drops the line being typed and an unfinished multi-line entry; it never leaves.
  const cancelEntry = () => {
    const pending = buffer !== "" || rl.line !== "";
    buffer = "";
    const editable = rl as unknown as { line: string; cursor: number };
    editable.line = "";
    editable.cursor = 0;
    io.output.write(pending ? "^C\n" : chalk.dim("^C (.quit or Ctrl-D to leave)") + "\n");
    prompt(PROMPT);
  };
  rl.on("SIGINT", cancelEntry);
  // A query in progress is stopped by session.evaluate (interrupt.ts); between its steps, or with no
  // terminal (a signal from kill), the process must not die of SIGINT either.
  const onSignal = () => {
    if (!running && !justInterrupted()) cancelEntry();
  };
  process.on("SIGINT", onSignal);
  const tty = io.input as Partial<ReadStream>;
  // Lines are handled strictly in order even though evaluation is async.
  let chain = Promise.resolve();
  rl.on("line", (line) => {
    chain = chain.then(async () => {
      buffer = buffer ? `${buffer}\n${line}` : line;
      if (needsContinuation(buffer)) {
        prompt(CONTINUE);
        return;
      }
      const entry = buffer;
      buffer = "";
      // In raw mode Ctrl-C is a keypress nobody reads while a query runs: let the terminal make it SIGINT.
      const raw = tty.isRaw === true;
      if (raw) tty.setRawMode!(false);
      running = true;
      try {
        const { output, quit } = await session.evaluate(entry);
        io.output.write(output);
        if (quit) {
          rl.close();
          return;
        }
      } catch (err) {
        io.output.write(chalk.red(`internal error: ${err instanceof Error ? err.message : String(err)}`) + "\n");
      } finally {
        running = false;
        if (raw && !closed) tty.setRawMode!(true);
      }
      prompt(PROMPT);
    });
  });
  await done;
  await chain;
  process.off("SIGINT", onSignal);
  if (io.historyFile) {
    const lines = (rl as unknown as { history: string[] }).history.slice().reverse();
    writeFileSync(io.historyFile, lines.join("\n") + "\n");
  }
}

export async function replCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      macros: { type: "string", multiple: true, default: [] },
      tz: { type: "string", default: "UTC" },
      "regex-budget": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(REPL_USAGE + "\n");
    return EXIT.ok;
  }
  const tz = timeZone(values.tz ?? "UTC");
  if ("error" in tz) {
    process.stderr.write(`error: ${tz.error}\n`);
    return EXIT.usage;
  }
  const regexBudgetMs = parseRegexBudget(values["regex-budget"]);
  if (typeof regexBudgetMs === "string") {
    process.stderr.write(`error: ${regexBudgetMs}\n`);
    return EXIT.usage;
  }
  const macros = macroTableFor(values.macros ?? [], (d) => process.stderr.write(`${d.severity}[${d.code}]: ${d.message}\n`));
  const session = new ReplSession({ macros, tz: tz.value, regexBudgetMs });
  if (positionals.length) {
    const data = resolveDataArgs(positionals, { stdinTakenBy: "the REPL's queries" });
    if ("errors" in data) {
      for (const e of data.errors) process.stderr.write(`error: ${e}\n`);
      return EXIT.usage;
    }
    const started = performance.now();
    const bar = progressBar({ quiet: values.quiet });
    const loaded = await session.load(data.paths, bar.onProgress ? { onProgress: bar.onProgress } : {});
    bar.done();
    if (!values.quiet) reportLoad(loaded);
    process.stderr.write(
      chalk.dim(`loaded ${loaded.events.length} events from ${loaded.files.length} file(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`) + "\n",
    );
  }
  process.stderr.write(chalk.dim("type .help for help, Tab to complete, Ctrl-D to leave") + "\n");
  const historyFile = process.env["SPLICE_HISTORY"] ?? path.join(os.homedir(), ".splice_history");
  await startRepl(session, { input: process.stdin, output: process.stdout, historyFile });
  return EXIT.ok;
}
