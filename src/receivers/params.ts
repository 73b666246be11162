/**
 * Receiver parameters as data: every number a model uses is named, documented with its default
 * and its evidence label ([MS-doc], [G-doc], [Y-doc], [practitioner], [model] ...), and can be
 * overridden per scenario (`receivers.microsoft.params.F0: 30`). The scenario loader validates
 * overrides with a zod schema built from the same table (src/providers/params-schema.ts).
 */
export interface ParamDef {
  readonly default: number | boolean | string;
  readonly doc: string;
  readonly evidence: string;
}

export type ParamTable = Readonly<Record<string, ParamDef>>;

/** The values of a table: defaults with overrides applied. */
export type ParamValues<T extends ParamTable> = {
  -readonly [K in keyof T]: T[K]['default'] extends number ? number : T[K]['default'] extends boolean ? boolean : string;
};

/**
 * Defaults overridden by `overrides`; throws a readable error for an unknown name or a wrong type.
 *
 * The result is a copy of the table (`{ ...table }`) whose values are then replaced, not an empty
 * object filled key by key: V8 turns an object that grows past about a dozen properties through
 * keyed stores into a hash table (Microsoft's 50 parameters did), so every `p.name` on the hot path
 * was a dictionary lookup, and each run's table had a map of its own, which threw away the code
 * the JIT had compiled for the previous run. A spread copy keeps the table's fast layout, and
 * every call for a table gives objects of one map.
 */
export function resolveParams<T extends ParamTable>(
  table: T,
  overrides: Readonly<Record<string, unknown>> = {},
  where = 'params',
): ParamValues<T> {
  const out: Record<string, unknown> = { ...table };
  for (const k in table) out[k] = table[k]!.default;
  for (const [k, v] of Object.entries(overrides)) {
    const d = table[k];
    if (d === undefined) throw new Error(`${where}.${k}: unknown parameter (known: ${Object.keys(table).join(', ')})`);
    if (typeof v !== typeof d.default) throw new Error(`${where}.${k}: expected a ${typeof d.default}, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out as ParamValues<T>;
}
