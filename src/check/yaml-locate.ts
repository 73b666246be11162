/**
 * File positions for expectations: where an `expect:` entry's nodes start in the scenario file,
 * and the line:col of a character inside a scalar's value ({@link positionIn}), for errors such
 * as `file:12:31 expect[2].that: unknown metric "outlok_blocks"`. Lines and columns are 1-based,
 * in UTF-16 code units like the YAML library's LineCounter.
 */
import { LineCounter, isScalar, parseDocument } from 'yaml';
import { mapScalar, type ScalarStyle } from './scalar-map.ts';

export interface ScalarPos {
  /** Line and column of the scalar's first source character: its opening quote, block indicator or first letter. */
  readonly line: number;
  readonly col: number;
  readonly style: ScalarStyle;
  /** The scalar's source text; without it the value is taken to be on one line with no escapes. */
  readonly source?: string;
  /** The parsed value (needed only for block scalars with an indentation indicator). */
  readonly value?: string;
}

export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/** The line:col of character `offset` of the scalar's value (offset = value length: just after it). */
export function positionIn(pos: ScalarPos, offset: number): LineCol {
  if (pos.source === undefined)
    return { line: pos.line, col: pos.col + offset + (pos.style === 'QUOTE_SINGLE' || pos.style === 'QUOTE_DOUBLE' ? 1 : 0) };
  const { at } = mapScalar(pos.source, pos.style, pos.value);
  const src = at[Math.max(0, Math.min(offset, at.length - 1))]!;
  const before = pos.source.slice(0, src);
  const nl = before.lastIndexOf('\n');
  if (nl < 0) return { line: pos.line, col: pos.col + src };
  return { line: pos.line + before.split('\n').length - 1, col: src - nl };
}

export interface Locator {
  /** The scalar at a path such as ['expect', 2, 'that'], or undefined when there is none. */
  scalar(path: readonly (string | number)[]): ScalarPos | undefined;
  /** The start of the node at the path, or of its nearest ancestor that exists. */
  node(path: readonly (string | number)[]): LineCol;
}

/** Positions in a scenario file's text (parsed again here: the loader keeps no document). */
export function locator(text: string): Locator {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: false });
  const lineCol = (offset: number): LineCol => {
    const p = lc.linePos(offset);
    return { line: p.line, col: p.col };
  };
  return {
    scalar(path) {
      const n = doc.getIn(path, true);
      if (!isScalar(n) || n.range === undefined || n.range === null) return undefined;
      const style = (n.type ?? 'PLAIN') as ScalarStyle;
      return {
        ...lineCol(n.range[0]),
        style,
        source: text.slice(n.range[0], n.range[1]),
        ...(typeof n.value === 'string' ? { value: n.value } : {}),
      };
    },
    node(path) {
      for (let k = path.length; k >= 0; k--) {
        const n = doc.getIn(path.slice(0, k), true) as { range?: [number, number, number] } | undefined;
        if (n?.range) return lineCol(n.range[0]);
      }
      return { line: 1, col: 1 };
    },
  };
}
