/**
 * How a Sigma field name reads an event.
 *
 * Sigma rules for Windows name the event's own fields: Sysmon's and the Security log's `<Data Name=…>`
 * (Image, CommandLine, TargetObject, SubjectUserName …) plus a few System fields (EventID, Channel,
 * Provider_Name, Computer). Of splice's two views, the Splunk view holds exactly those names for every
 * Windows input — EVTX, Windows XML, NXLog JSON and raw winlogbeat JSON all become one WinEvent, and
 * Splunk_TA_windows' extraction writes one field per `<Data Name>` under that name. The ECS view does
 * not: like Elastic's ingest pipelines it moves the fields it maps out of `winlog.event_data` (Image is
 * only `process.executable`, Hashes is split and lower-cased, User is split in two), so reading Sigma
 * names back from it would be a reverse mapping with losses. So Sigma scans the Splunk view.
 *
 * The Splunk view's strings are EvtRender text with entity references kept (normalization.md §2); Sigma
 * matches the decoded text (pySigma's backends query decoded fields, and SigmaHQ's regression data is
 * checked on decoded EVTX), so every read goes through `sigmaText`, which decodes them.
 * Under `--xml-entities decode` the view is decoded already, and the readers leave it as it is
 * (`functionsFor` in engine/functions).
 */
import { expr, type Expr } from "../../plan/expr.js";
import type { Span } from "../../diagnostics.js";
import type { EventBranch } from "./logsource.js";
import { crowdstrikeField } from "./crowdstrike.js";

/** System fields as Sigma's Windows rules name them → how the Splunk view holds them. */
const SYSTEM: Readonly<Record<string, (span?: Span) => Expr>> = {
  // `EventID` is missing from the Splunk view when the element has Qualifiers; `EventCode` never is.
  EventID: (span) => expr.field("EventID", "EventCode", span),
  Channel: (span) => expr.field("Channel", "Channel", span),
  Computer: (span) => text("Computer", "Computer", span),
  Provider_Name: (span) => expr.call("sigmaAttribute", [expr.field("Provider_Name", "Name", span)], span),
};

const text = (name: string, path: string, span?: Span): Expr => expr.call("sigmaText", [expr.field(name, path, span)], span);

/** The expression reading Sigma field `name` in events of `branch`; a null literal when those events never have it. */
export function fieldRead(name: string, branch: EventBranch, span?: Span): Expr {
  // CrowdStrike's JSON text has no entity references to decode, and no Windows System fields.
  if (branch.crowdstrike) return expr.field(name, crowdstrikeField(name, span ?? { start: 0, end: 0 }), span);
  const system = SYSTEM[name];
  if (system) return system(span);
  const source = branch.fields?.(name);
  if (!source) return text(name, name, span);
  switch (source.kind) {
    case "absent":
      return expr.literal(null, span);
    case "data":
      return text(name, source.name, span);
    case "account":
      return expr.call(
        "sigmaAccount",
        ["TargetDomainName", "TargetUserName", "SubjectDomainName", "SubjectUserName"].map((f) => expr.field(f, f, span)),
        span,
      );
  }
}
