/**
 * What every chart shares: one colour per policy, the same in every chart, from the Okabe-Ito
 * palette (Okabe & Ito, "Color Universal Design", 2002: distinguishable with every common form
 * of colour blindness; its yellow, weak on white, comes last), then Tableau 10 beyond eight;
 * short legend labels for sweep variants (their grid values, not the policy name repeated); the
 * band colours; and legends that show the line colours as strokes.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../metrics/comparison.ts';
import { BAND_ORDER, type Band } from '../metrics/bands.ts';

export const WIDTH = 720;
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'];
const TABLEAU_10 = ['#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'];

/** The colour of the i-th policy (distinct for the first 18). */
function policyColour(i: number): string {
  const all = [...OKABE_ITO, ...TABLEAU_10];
  return all[i % all.length]!;
}

export const BAND_COLOURS: Readonly<Record<Band, string>> = {
  healthy: '#cfe8c6',
  watch: '#fbeaa0',
  throttle: '#f9c891',
  pause: '#f0a0a0',
  blocked: '#222222',
};

/** Vega-Lite colour encoding of the band field with the fixed band colours. */
export const bandColour = (field: string, title = 'band') => ({
  field,
  type: 'nominal',
  title,
  scale: { domain: [...BAND_ORDER], range: BAND_ORDER.map((b) => BAND_COLOURS[b]) },
});

/** The last segment of a scenario path: "policies.seed-playbook.microsoft.initial_rate_per_ip_per_hour" -> "initial_rate_per_ip_per_hour". */
const lastSegment = (path: string) =>
  path
    .split('.')
    .pop()!
    .replace(/\[\d+\]$/, '');

/**
 * Legend labels of the variants: the policy name outside sweeps; in a sweep, the grid values
 * ("initial_rate_per_ip_per_hour=10"), prefixed with the policy only when several are swept.
 */
export function variantLabels(c: Comparison): string[] {
  const vs = c.inputs?.variants;
  if (vs === undefined || vs.length !== c.policies.length || vs.every((v) => Object.keys(v.grid).length === 0)) return [...c.policies];
  const onePolicy = new Set(vs.map((v) => v.policy)).size === 1;
  const labels = vs.map((v) => {
    const grid = Object.entries(v.grid)
      .map(([k, x]) => `${lastSegment(k)}=${x}`)
      .join(', ');
    return onePolicy ? grid : `${v.policy} ${grid}`;
  });
  return new Set(labels).size === labels.length ? labels : [...c.policies];
}

export interface Styled {
  /** Legend label per policy index. */
  readonly labels: readonly string[];
  /** Vega-Lite colour encoding of the `policy` field (label values), legend as strokes (the same object in every layer). */
  colour(): object;
}

export function styleOf(c: Comparison): Styled {
  const labels = variantLabels(c);
  return {
    labels,
    colour: () => ({
      field: 'policy',
      type: 'nominal',
      scale: { domain: labels, range: labels.map((_, i) => policyColour(i)) },
      legend: { title: 'policy', symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 300, symbolOpacity: 1, labelLimit: 420 },
    }),
  };
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

export const num = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
