/** EQL samples. (stub: owned by the EQL engine work) */
import type { Sample } from "../../plan/plan.js";
import type { SpliceEvent } from "../../model/event.js";
import type { SequencesResult } from "../result.js";
import type { ExecContext } from "./context.js";

export function executeSample(node: Sample, events: readonly SpliceEvent[], ctx: ExecContext): SequencesResult {
  void node; void events; void ctx;
  throw new Error("sample execution is not implemented yet");
}
