/**
 * Starting points for the fuzzer: the shipped seed rules and rules written to reach most of what splice
 * runs (every SPL command after tstats, the eval functions, EQL sequences, functions and pipes), plus the
 * tokens of each language for token soup, and a macros.conf with every stanza shape. fuzz.test.ts checks
 * that each seed prepares without an error, so damage starts from rules that run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

const QUERIES = path.resolve(import.meta.dirname, "../../queries");

export const SPL_SEEDS: readonly string[] = [
  readFileSync(path.join(QUERIES, "remote_process_instantiation_via_wmi.spl"), "utf8"),
  '| tstats count values(Processes.process) as p from datamodel=Endpoint.Processes where Processes.process_name=* by Processes.dest Processes.user | rename Processes.* as * | eval n=mvcount(p), u=upper(dest), m=if(match(u, "^WORK.*\\d"), 1, 0) | rex field=dest "(?<short>[^.]+)\\." | where n > 0 AND like(dest, "%.%") | stats sum(count) as c dc(user) as users by short m | sort - c | head 5',
  '| tstats count from datamodel=Endpoint.Processes by Processes.process Processes.dest _time span=1h | `drop_dm_object_name(Processes)` | eval parts=split(process, " "), first=mvindex(parts, 0), k=mvcount(parts), f=mvfilter(match(parts, "^/")), r=replace(process, "(\\w+)\\.exe", "\\1"), t=strftime(_time, "%Y-%m-%d %H:%M"), z=relative_time(_time, "-1d@d"), c=case(k>3, "long", k>1, "mid", true(), "short"), s=substr(process, 2, 5), num=tonumber("1F", 16), rnd=round(k/3, 2), j=mvjoin(parts, ";"), low=lower(coalesce(first, "x")), nn=isnull(f) | makemv delim=" " process | regex dest="^[A-Za-z]" | dedup dest | eventstats count as total by dest | fields dest first k f r t z c s num rnd total j low nn | table *',
  '| tstats count from datamodel=Endpoint.Processes where Processes.process IN ("*wmic*", "*cmd*") NOT Processes.user="SYSTEM" by Processes.dest Processes.process_name | `drop_dm_object_name(Processes)` | search process_name=c* OR dest="*.local" | stats perc95(count) median(count) stdev(count) earliest(dest) latest(dest) mode(process_name) values(dest) list(dest) avg(count) by process_name | convert ctime(count)',
];

export const EQL_SEEDS: readonly string[] = [
  readFileSync(path.join(QUERIES, "suspicious_cmd_execution_via_wmi.eql"), "utf8"),
  'process where process.name : ("cmd.exe", "wmic.exe", "*.exe") and not process.args : "*x*" and process.pid > 0 | head 5',
  'sequence by host.name with maxspan=5m [process where process.name == "wmic.exe"] [process where process.parent.name : "WmiPrvSE.exe"] until [process where false]',
  'process where startsWith~(process.command_line, "c") and length(process.name) > 3 and process.command_line regex~ ".*node.*" and ?process.parent.args like~ "*\\\\*" | tail 3',
  'any where event.code in ("1", "4688") and process.executable : "*\\\\System32\\\\*" and concat(process.name, "x") != null and indexOf(process.name, ".") >= 0 and number(process.pid) + 1 * 2 % 3 > -1 and substring(process.name, 0, 3) : "cmd"',
  'sample by host.name [process where process.name : "wmic.exe"] [process where process.name : "cmd.exe"]',
];

export const SPL_PIECES: readonly string[] = [
  "|", "(", ")", "[", "]", ",", "=", "!=", "<", ">=", '"', "\\", "*", "`", "AND", "OR", "NOT", "IN", "by", "as", "from", "where",
  "tstats", "search", "rename", "convert", "eval", "where", "stats", "eventstats", "dedup", "sort", "head", "rex", "regex", "makemv",
  "fields", "table", "lookup", "join", "count", "min(_time)", "dc(x)", "values(x)", "perc99(x)", "ctime(x)", "datamodel=Endpoint.Processes",
  "Processes.process", "Processes.*", "span=1h", "field=x", '"(?<g>a+)+$"', '"[z-a]"', "match(x, \"(\")", "replace(x, \"a\", \"\\\\9\")",
  "split(x, \"\")", "mvindex(x, -1)", "substr(x, 0, -1)", "tonumber(x, 99)", "round(x, -2)", "strftime(_time, \"%Q%\")",
  "relative_time(_time, \"@w9\")", "case()", "if(x)", "1e309", "-0", "x", "1", "\n", "$x$", "max_match=0", "mode=sed", "delim=\"\"",
  "(".repeat(600), ")".repeat(600), "NOT ".repeat(600),
];

export const EQL_PIECES: readonly string[] = [
  "process", "any", "where", "sequence", "sample", "by", "with", "maxspan=", "5m", "runs=", "until", "[", "]", "(", ")", ",", "|",
  "head", "tail", "and", "or", "not", "in", "in~", "like", "like~", "regex", "regex~", ":", "==", "!=", "<", ">=", "+", "-", "*",
  "/", "%", "?", "@timestamp", "process.name", "process.args", "`a b`", '"x"', '"*"', '"""raw"""', '"(a+)+$"', '"["', "1", "1.5",
  "null", "true", "false", "length(", "concat(", "between(", "cidrMatch(", '"999.1.1.1/77"', "startsWith~(", "number(", '"0x"',
  "substring(", "indexOf(", "wildcard(", "stringContains(", "\n", "9223372036854775808", "-1",
  "(".repeat(600), ")".repeat(600), "not ".repeat(600), "-".repeat(600),
];

/** Stanzas of every shape: plain, arguments, iseval, a continued line, a duplicate, a comment, errors. */
export const MACRO_CONF = `# macros.conf
[process_wmic]
definition = (Processes.process_name=wmic.exe OR Processes.original_file_name=wmic.exe)

[drop_x(1)]
args = field
definition = rename $field$.* as *

[pair(2)]
args = a, b
definition = ($a$=1 OR $b$=2) \\
  AND x=y
iseval = 0

[computed]
definition = "x=1"
iseval = 1

[process_wmic]
definition = Processes.process_name=WMIC.exe
`;
