/**
 * The `splice` command: dispatch to subcommands. Each subcommand is imported only when it is chosen, so
 * `--help` and `--version` load no parser, and a run loads what that command needs (start-up time is most of
 * the cost of a small run).
 */
import { EXIT } from "./exit-codes.js";
import { packageVersion } from "../package-root.js";

const HELP = `splice — run Splunk ESCU and Elastic EQL detection rules verbatim over raw endpoint logs

usage: splice <command> [options]
       splice --version

commands:
  run RULE DATA…     run a rule (ESCU .yml, Elastic .toml, .spl, .eql, '-' or inline text) over log files
  test RULE|DIR…     run the tests that come with rules (ESCU tests, <rule>.test.toml); --junit FILE
  hunt RULES… -- DATA…  every rule over all the evidence at once: a timeline of alerts and a summary
  compare RULES… -- DATA…  rules of any language side by side: which of them fire on which events
  explain RULE       show the rule, its macro expansion and the plan
  repl [DATA…]       interactive: load data once, then type SPL or EQL queries
  normalize DATA…    show what the data model holds for each event (CIM and ECS views, side by side)
  demo               run the shipped rules over the shipped datasets
  sql RULE           print the SQL of a rule for DuckDB or ClickHouse (--dialect)
  export DATA…       write the normalized tables as Parquet (--to parquet DIR), for --engine duckdb

'splice <command> --help' shows the options of a command.

exit codes: 0 ok (also with no results), 1 rule error, 2 usage error, 3 bad input data with --strict, 70 internal error

examples:
  splice run queries/remote_process_instantiation_via_wmi.spl datasets/ --format ndjson
  splice explain queries/suspicious_cmd_execution_via_wmi.eql
  splice test queries/`;

export async function main(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe();
  try {
    return await dispatch(argv);
  } catch (err) {
    // node:util parseArgs reports unknown or malformed options this way: a usage error, not a crash.
    if (err instanceof TypeError && String((err as { code?: string }).code ?? "").startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    // The front ends limit nesting; this is the last line for a shape they did not foresee.
    if (isStackOverflow(err)) {
      process.stderr.write("error[too-deeply-nested]: the rule is nested too deeply to run\n");
      return EXIT.ruleError;
    }
    throw err;
  }
}

/**
 * `splice run … | head -1`: the reader has what it wanted and closed the pipe. That is success, as for
 * any Unix filter, not an unhandled EPIPE with a stack trace.
 */
let pipeWatched = false;
// Not imported from rule.ts: that would load the parsers before a subcommand is chosen.
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function quietOnClosedPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(EXIT.ok);
      throw err;
    });
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run":
      return (await import("./run.js")).runCommand(rest);
    case "test":
      return (await import("./test-command.js")).testCommand(rest);
    case "hunt":
      return (await import("./hunt.js")).huntCommand(rest);
    case "compare":
      return (await import("./compare.js")).compareCommand(rest);
    case "explain":
      return (await import("./explain.js")).explainCommand(rest);
    case "demo":
      return (await import("./demo.js")).demoCommand();
    case "repl":
      return (await import("./repl/index.js")).replCommand(rest);
    case "normalize":
      return (await import("./normalize.js")).normalizeCommand(rest);
    case "sql":
      return (await import("./sql.js")).sqlCommand(rest);
    case "export":
      return (await import("./sql.js")).exportCommand(rest);
    case "version":
    case "--version":
    case "-V":
      process.stdout.write(`splice ${packageVersion()}\n`);
      return EXIT.ok;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(HELP + "\n");
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      process.stderr.write(`error: unknown command '${command}'\n\n${HELP}\n`);
      return EXIT.usage;
  }
}
