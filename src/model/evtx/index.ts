/** Native EVTX reader (stub: owned by the EVTX work, issue 6). */
import type { WinEvent } from "../win-event.js";

export type EvtxItem =
  | { readonly kind: "event"; readonly recordId: number; readonly event: WinEvent }
  | { readonly kind: "warning"; readonly chunk?: number; readonly record?: number; readonly reason: string };

/** Streams records chunk by chunk in file order; damaged parts become warnings, never exceptions. */
export async function* readEvtxFile(path: string): AsyncGenerator<EvtxItem> {
  yield { kind: "warning", reason: `EVTX reading is not implemented yet (${path})` };
}
