/**
 * Compiling a scenario's `expect:` entries (already validated by {@link ./schema.ts}) into
 * checkable expectations: policy names checked against the scenario, each expression parsed and
 * resolved against the metric catalogue. Problems come back as located issues,
 * `file:line:col expect[2].that: ...`, with line:col the exact character inside the YAML scalar.
 */
import type { Catalogue } from './catalogue.ts';
import { indexCatalogue } from './catalogue.ts';
import { DEFAULT_CATALOGUE } from './catalogue-default.ts';
import { ExprError, type CheckIssue } from './errors.ts';
import { parseExpr } from './parser.ts';
import { resolve, type ComparisonInfo, type Expr } from './resolve.ts';
import { checkPolicyNames, type ExpectSpec, type Quantifier } from './schema.ts';
import { locator, positionIn, type LineCol } from './yaml-locate.ts';

export interface Expectation {
  /** Index in the scenario's `expect:` list. */
  readonly index: number;
  /** The entry's name, or a description built from it. */
  readonly label: string;
  /** The expression as written. */
  readonly text: string;
  readonly key: 'that' | 'mean';
  /** The policies it applies to; undefined: every policy that ran. */
  readonly policies?: readonly string[];
  readonly compare?: readonly [string, string];
  readonly quantifier: Quantifier;
  readonly fromDay?: number;
  readonly expr: Expr;
  readonly comparisons: readonly ComparisonInfo[];
  /** Where the expression starts in the file. */
  readonly at: LineCol;
}

export interface CompileOptions {
  readonly file: string;
  /** The scenario file's text (for positions). */
  readonly text: string;
  /** The scenario's policy names. */
  readonly policies: readonly string[];
  readonly catalogue?: Catalogue;
}

export function compileExpectations(
  specs: readonly ExpectSpec[],
  o: CompileOptions,
): { expectations: Expectation[]; issues: CheckIssue[] } {
  const loc = locator(o.text);
  const metrics = indexCatalogue(o.catalogue ?? DEFAULT_CATALOGUE);
  const fmtPath = (p: readonly (string | number)[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  const issues: CheckIssue[] = checkPolicyNames(specs, o.policies).map((i) => ({
    file: o.file,
    ...loc.node(i.path),
    path: fmtPath(i.path),
    message: i.message,
  }));
  const bad = new Set(issues.map((i) => Number(/^expect\[(\d+)\]/.exec(i.path)?.[1])));
  const expectations: Expectation[] = [];
  specs.forEach((s, index) => {
    const path = ['expect', index, s.key];
    const scalar = loc.scalar(path);
    const at = scalar === undefined ? loc.node(path) : positionIn(scalar, 0);
    try {
      const ast = parseExpr(s.text);
      const r = resolve(s.text, ast, {
        metrics,
        policies: o.policies,
        bound: s.quantifier.kind === 'mean',
        ...(s.compare !== undefined ? { compare: s.compare } : {}),
        ...(s.fromDay !== undefined ? { fromDay: s.fromDay } : {}),
      });
      if (bad.has(index)) return;
      const policies = s.policy === undefined ? undefined : typeof s.policy === 'string' ? [s.policy] : s.policy;
      expectations.push({
        index,
        label: s.name ?? describe(s),
        text: s.text,
        key: s.key,
        ...(policies !== undefined ? { policies } : {}),
        ...(s.compare !== undefined ? { compare: s.compare } : {}),
        quantifier: s.quantifier,
        ...(s.fromDay !== undefined ? { fromDay: s.fromDay } : {}),
        expr: r.expr,
        comparisons: r.comparisons,
        at,
      });
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      const where = scalar === undefined ? at : positionIn(scalar, e.at);
      issues.push({ file: o.file, ...where, path: fmtPath(path), message: e.message });
    }
  });
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  return { expectations, issues };
}

/** `outlook_blocks == 0 in 95% of seeds from day 3`, `mean transactional.p95_latency < 10m (95% confidence)`. */
function describe(s: Pick<ExpectSpec, 'text' | 'quantifier' | 'fromDay'>): string {
  const q = s.quantifier;
  const text = s.text.trim().replace(/\s+/g, ' ');
  const quant = q.kind === 'share' ? (q.share < 1 ? ` in ${pct(q.share)} of seeds` : '') : ` (mean, ${pct(q.confidence)} confidence)`;
  return `${text}${quant}${s.fromDay !== undefined ? ` from day ${s.fromDay}` : ''}`;
}

function pct(x: number): string {
  return `${Math.round(x * 10000) / 100}%`;
}
