/**
 * The expression lexer: turns `kumo.delivered > 20k/day` into tokens, each with the offset of its
 * first character and the offset after its last, so errors point at exact characters. Numbers
 * carry their scale and unit ({@link ./literals.ts}); names are dotted paths whose segments may
 * hold `-` between letters (policy names such as `seed-playbook`), so a minus needs a space
 * after a name. Common slips (`=`, `&&`, `||`, `!`, `≤`) get a hint instead of a bare error.
 */
import type { CmpOp, LiteralUnit, Scale } from './ast.ts';
import { ExprError } from './errors.ts';
import { scaleAllowed } from './literals.ts';

export type Token =
  | {
      readonly kind: 'num';
      readonly start: number;
      readonly end: number;
      readonly amount: number;
      readonly scale: Scale;
      readonly unit: LiteralUnit;
    }
  | { readonly kind: 'name'; readonly start: number; readonly end: number; readonly path: readonly string[] }
  | { readonly kind: 'and' | 'or' | 'not'; readonly start: number; readonly end: number }
  | { readonly kind: 'op'; readonly start: number; readonly end: number; readonly op: CmpOp | '+' | '-' | '*' | '/' | '(' | ')' }
  | { readonly kind: 'eof'; readonly start: number; readonly end: number };

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isWordChar = (c: string | undefined) => isLetter(c) || isDigit(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

const HINTS: Readonly<Record<string, string>> = {
  '=': 'write == to compare',
  '&': 'write and',
  '|': 'write or',
  '!': 'write not, or != for "not equal"',
  '≤': 'write <=',
  '≥': 'write >=',
  '≠': 'write !=',
  '×': 'write *',
  '÷': 'write /',
  '−': 'write - (an ASCII minus)',
  '"': 'names and numbers are written without quotes',
  "'": 'names and numbers are written without quotes',
};

const TWO_CHAR: readonly CmpOp[] = ['<=', '>=', '==', '!='];

export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isDigit(c)) {
      const t = lexNumber(text, i);
      out.push(t);
      i = t.end;
      continue;
    }
    if (isLetter(c)) {
      const t = lexName(text, i);
      out.push(t);
      i = t.end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if ((TWO_CHAR as readonly string[]).includes(two)) {
      out.push({ kind: 'op', start: i, end: i + 2, op: two as CmpOp });
      i += 2;
      continue;
    }
    if (two === '<>') throw new ExprError(i, 'unexpected "<>" (write != for "not equal")');
    if (two === '=>' || two === '=<') throw new ExprError(i, `unexpected "${two}" (write ${two[1]}=)`);
    if ('<>+-*/()'.includes(c)) {
      out.push({ kind: 'op', start: i, end: i + 1, op: c as '<' });
      i++;
      continue;
    }
    if (c === '.' && isDigit(text[i + 1])) throw new ExprError(i, `a number starts with a digit (write 0${text.slice(i, i + 4)}...)`);
    const hint = HINTS[c];
    const shown = c === '\n' ? 'line break' : JSON.stringify(c);
    throw new ExprError(i, `unexpected character ${shown}${hint === undefined ? '' : ` (${hint})`}`);
  }
  out.push({ kind: 'eof', start: text.length, end: text.length });
  return out;
}

/** digits [. digits] [e [+-] digits] [k|M] [unit] */
function lexNumber(text: string, start: number): Token {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.' && isDigit(text[i + 1])) {
    i++;
    while (isDigit(text[i])) i++;
  }
  if (
    (text[i] === 'e' || text[i] === 'E') &&
    (isDigit(text[i + 1]) || ((text[i + 1] === '+' || text[i + 1] === '-') && isDigit(text[i + 2])))
  ) {
    i += 2;
    while (isDigit(text[i])) i++;
  }
  const amount = Number(text.slice(start, i));
  let word = readWord(text, i);
  let scale: Scale = '';
  if (word === 'k' || word === 'M') {
    scale = word;
    i += 1;
    word = readWord(text, i);
  }
  let unit: LiteralUnit = '';
  if (word === 's' || word === 'm' || word === 'h' || word === 'd') unit = word;
  else if (word !== '') {
    const hint =
      word === 'min' || word === 'mins'
        ? '; write m for minutes'
        : word === 'ms'
          ? '; the smallest unit is s'
          : word === 'day' || word === 'days'
            ? '; write d for days'
            : '';
    throw new ExprError(i, `unknown unit "${word}" after ${text.slice(start, i)} (expected %, s, m, h, d, /day or /h${hint})`);
  } else if (text[i] === '%') unit = '%';
  else if (text[i] === '/' && isLetter(text[i + 1])) {
    const rate = readWord(text, i + 1);
    if (rate !== 'day' && rate !== 'h') {
      throw new ExprError(
        i,
        `unknown rate "/${rate}" (expected /day or /h; put spaces around / to divide: ${text.slice(start, i)} / ${rate})`,
      );
    }
    unit = rate === 'day' ? '/day' : '/h';
  }
  if (unit !== '' && scale !== '' && !scaleAllowed(unit))
    throw new ExprError(start, `${text.slice(start, i + unit.length)}: k and M apply to plain numbers and rates only`);
  i += unit.length;
  if (unit !== '' && (isWordChar(text[i]) || text[i] === '.')) {
    const rest = unit.length === 1 && isDigit(text[i]) ? ' (write one unit: 90m, not 1h30m)' : '';
    throw new ExprError(i, `unexpected "${text[i]}" after ${text.slice(start, i)}${rest}`);
  }
  return { kind: 'num', start, end: i, amount, scale, unit };
}

function readWord(text: string, i: number): string {
  let j = i;
  while (isLetter(text[j])) j++;
  return text.slice(i, j);
}

/** segment ('.' segment)*; segment = letter (word-char | '-' letter)* */
function lexName(text: string, start: number): Token {
  const path: string[] = [];
  let i = start;
  for (;;) {
    const segStart = i;
    while (isWordChar(text[i]) || (text[i] === '-' && isWordChar(text[i - 1]) && isLetter(text[i + 1]))) i++;
    path.push(text.slice(segStart, i));
    if (text[i] !== '.') break;
    if (!isLetter(text[i + 1])) throw new ExprError(i + 1, `expected a name after "${text.slice(start, i + 1)}"`);
    i++;
  }
  if (path.length === 1 && (path[0] === 'and' || path[0] === 'or' || path[0] === 'not')) return { kind: path[0], start, end: i };
  return { kind: 'name', start, end: i, path };
}
