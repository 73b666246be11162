/**
 * Vega-Lite -> SVG (headless Vega, no DOM, no node-canvas) -> PNG (resvg with the DejaVu fonts
 * shipped as an npm package, so the same bytes come out on every machine). See docs/stack.md
 * 4 and 5: name the font family explicitly, reset Vega's SVG id counters before each render.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(fontDir, f));

/** Vega-Lite spec -> SVG string, byte-stable across renders. */
export async function vlToSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vgSpec } = compile({ ...spec, config: { font: 'DejaVu Sans', ...(spec as { config?: object }).config } } as TopLevelSpec);
  (vega as unknown as { resetSVGDefIds(): void }).resetSVGDefIds();
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG -> PNG at `scale` (2 = sharp on high-DPI screens). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const opts: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  };
  return Buffer.from(new Resvg(svg, opts).render().asPng());
}
