/** The scenario file's view of a provider's receiver parameters: a zod schema built from its table. */
import { z } from 'zod';
import type { ParamTable } from '../receivers/params.ts';

/**
 * The zod schema of a table's overrides (`receivers.<provider>.params`): only the table's names,
 * each of its default's type, each described by its doc line, default and evidence (the JSON
 * Schema editors show). Unknown names are errors with a did-you-mean from the loader.
 */
export function overridesSchema(table: ParamTable) {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  for (const [k, d] of Object.entries(table)) {
    const t = typeof d.default;
    const msg = { error: `expected a ${t} (default ${JSON.stringify(d.default)}: ${d.doc})` };
    const base = t === 'number' ? z.number(msg) : t === 'boolean' ? z.boolean(msg) : z.string(msg);
    shape[k] = base.describe(`${d.doc} (default ${JSON.stringify(d.default)}) ${d.evidence}`).optional();
  }
  return z.strictObject(shape);
}
