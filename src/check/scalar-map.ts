/**
 * Where each character of a YAML scalar's value sits in the file. An error inside an expectation
 * expression is at an offset of the parsed string; this maps it back through the scalar's
 * source: the opening quote, escapes in double quotes (`\"`, `\x41`, `\u00e9`, an escaped line
 * break), doubled quotes in single quotes, line folding in flow scalars (a line break becomes a
 * space, an empty line a newline, white space around breaks is dropped) and the indentation and
 * folding of block scalars (`|`, `>`), as YAML 1.2 sections 6.5, 7.3 and 8.1 define them.
 */

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface ScalarMap {
  /** The scalar's value as this walk reads it (equal to the YAML parser's). */
  readonly value: string;
  /** at[i]: the source offset of value character i; at[value.length]: the offset just after the value. */
  readonly at: readonly number[];
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LEN: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * Maps a scalar's source text (from its first character, the quote or block indicator included).
 * A block scalar with an explicit indentation indicator (`|2`) is indented relative to its parent,
 * which the source alone does not show: pass the parsed `value` and its first line's leading
 * spaces fix the indentation.
 */
export function mapScalar(source: string, style: ScalarStyle, value?: string): ScalarMap {
  return style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED' ? mapBlock(source, style === 'BLOCK_FOLDED', value) : mapFlow(source, style);
}

function mapFlow(src: string, style: ScalarStyle): ScalarMap {
  let value = '';
  const at: number[] = [];
  const emit = (s: string, pos: number) => {
    value += s;
    for (let k = 0; k < s.length; k++) at.push(pos);
  };
  let i = style === 'PLAIN' ? 0 : 1;
  while (i < src.length) {
    const c = src[i]!;
    if (style === 'QUOTE_DOUBLE' && c === '"') break;
    if (style === 'QUOTE_SINGLE' && c === "'") {
      if (src[i + 1] !== "'") break;
      emit("'", i);
      i += 2;
      continue;
    }
    if (style === 'QUOTE_DOUBLE' && c === '\\') {
      const n = src[i + 1] ?? '';
      if (isBreak(n)) {
        i += n === '\r' && src[i + 2] === '\n' ? 3 : 2;
        while (isBlank(src[i])) i++;
        continue;
      }
      const hex = HEX_LEN[n];
      if (hex !== undefined) {
        emit(String.fromCodePoint(parseInt(src.slice(i + 2, i + 2 + hex), 16)), i);
        i += 2 + hex;
      } else {
        emit(ESCAPES[n] ?? n, i);
        i += 2;
      }
      continue;
    }
    if (isBlank(c)) {
      let j = i;
      while (isBlank(src[j])) j++;
      if (!isBreak(src[j]) && !(style === 'PLAIN' && j === src.length)) for (let k = i; k < j; k++) emit(src[k]!, k);
      i = j;
      continue;
    }
    if (isBreak(c)) {
      const first = i;
      let breaks = 0;
      while (isBreak(src[i])) {
        i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
        breaks++;
        while (isBlank(src[i])) i++;
      }
      emit(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1), first);
      continue;
    }
    emit(c, i);
    i++;
  }
  at.push(i);
  return { value, at };
}

interface Line {
  readonly start: number;
  readonly text: string;
}

function mapBlock(src: string, folded: boolean, expected: string | undefined): ScalarMap {
  const header = /^[|>]([1-9]?)([+-]?)([1-9]?)[^\n]*(\r?\n|$)/.exec(src)!;
  const chomp = header[2] === '' ? 'clip' : header[2] === '-' ? 'strip' : 'keep';
  const lines: Line[] = [];
  for (let i = header[0].length; i < src.length;) {
    let j = src.indexOf('\n', i);
    if (j < 0) j = src.length;
    lines.push({ start: i, text: src.slice(i, j).replace(/\r$/, '') });
    i = j + 1;
  }
  // indentation: spaces only (a tab is content); set by the first line with anything but spaces
  const firstText = lines.find((l) => /[^ ]/.test(l.text));
  const lead = (t: string) => t.length - t.replace(/^ +/, '').length;
  const own =
    expected === undefined || (header[1] === '' && header[3] === '') ? 0 : lead(expected.split('\n').find((l) => /[^ ]/.test(l)) ?? '');
  const indent = firstText === undefined ? Math.max(0, ...lines.map((l) => l.text.length)) : lead(firstText.text) - own;
  const isEmpty = (l: Line) => /^ *$/.test(l.text) && l.text.length <= indent;
  let value = '';
  const at: number[] = [];
  const emit = (s: string, pos: number) => {
    value += s;
    for (let k = 0; k < s.length; k++) at.push(pos);
  };
  let last = lines.length;
  while (last > 0 && isEmpty(lines[last - 1]!)) last--;
  let prevContent: Line | undefined;
  let pendingEmpty: number[] = [];
  for (let k = 0; k < last; k++) {
    const l = lines[k]!;
    const body = l.text.slice(Math.min(indent, l.text.length));
    if (isEmpty(l)) {
      pendingEmpty.push(l.start);
      continue;
    }
    if (prevContent !== undefined) {
      const prevBody = prevContent.text.slice(indent);
      const fold = folded && !isBlank(prevBody[0]) && !isBlank(body[0]);
      const breakAt = prevContent.start + prevContent.text.length;
      if (!fold) emit('\n', breakAt);
      else if (pendingEmpty.length === 0) emit(' ', breakAt);
      for (const e of pendingEmpty) emit('\n', e);
    } else for (const e of pendingEmpty) emit('\n', e);
    pendingEmpty = [];
    for (let c = 0; c < body.length; c++) emit(body[c]!, l.start + indent + c);
    prevContent = l;
  }
  const end = prevContent === undefined ? src.length : prevContent.start + prevContent.text.length;
  if (chomp !== 'strip' && prevContent !== undefined) emit('\n', end);
  if (chomp === 'keep')
    for (let k = last; k < lines.length; k++) if (k < lines.length - 1 || src.endsWith('\n')) emit('\n', lines[k]!.start);
  at.push(end);
  return { value, at };
}
