/** EQL functions (stub: owned by the EQL engine work). */
import type { FunctionDef } from "./types.js";

export const eqlFunctions: readonly FunctionDef[] = [];
