/**
 * The value types every layer passes around: the model fills rows of them, plans hold them as literals,
 * the engine computes with them. Their semantics (three-valued logic, comparison, case folding) live in
 * `engine/values.ts`; this module imports nothing so that the model and the plan need not import the engine.
 */

/** A scalar field value. Numbers are JS doubles; EQL integer arithmetic truncates explicitly. */
export type Scalar = string | number | boolean;

/**
 * A field value: null (missing), a scalar, or a multivalue (SPL mv field / ECS array).
 * Arrays never contain null or nested arrays after normalisation.
 */
export type Value = Scalar | null | readonly Scalar[];

/** A row flowing between operators: field name → value. Missing key ≡ null. */
export type Row = Readonly<Record<string, Value>>;
