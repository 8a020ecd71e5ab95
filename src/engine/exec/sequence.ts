/** EQL sequences — state machine per Elasticsearch's SequenceMatcher. (stub: owned by the EQL engine work) */
import type { Sequence } from "../../plan/plan.js";
import type { SpliceEvent } from "../../model/event.js";
import type { SequencesResult } from "../result.js";
import type { ExecContext } from "./context.js";

/** `events` are already in EQL order: (timestamp, tiebreaker nulls last, input position). */
export function executeSequence(node: Sequence, events: readonly SpliceEvent[], ctx: ExecContext): SequencesResult {
  void node; void events; void ctx;
  throw new Error("sequence execution is not implemented yet");
}
