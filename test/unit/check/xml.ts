/**
 * A tiny, strict XML reader for tests (no regular expressions): elements, attributes in double
 * quotes, text, the five predefined entities and numeric references, an optional declaration.
 * Throws on anything malformed (unclosed or mismatched tags, a raw < or & in text or attributes).
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}`);
  };
  const isNameChar = (c: string | undefined) =>
    c !== undefined &&
    /* letters, digits */ ((c >= 'a' && c <= 'z') ||
      (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9') ||
      c === '_' ||
      c === '-' ||
      c === ':' ||
      c === '.');
  const skipSpace = () => {
    while (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r') i++;
  };
  const name = () => {
    const s = i;
    while (isNameChar(src[i])) i++;
    if (i === s) fail('expected a name');
    return src.slice(s, i);
  };
  const decode = (stop: string): string => {
    let out = '';
    while (i < src.length && !stop.includes(src[i]!)) {
      const c = src[i]!;
      if (c === '<') fail('raw < in text');
      if (c === '&') {
        const end = src.indexOf(';', i);
        if (end < 0) fail('unterminated entity');
        const ent = src.slice(i + 1, end);
        if (ent.startsWith('#x')) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
        else if (ent.startsWith('#')) out += String.fromCodePoint(parseInt(ent.slice(1), 10));
        else out += ENTITIES[ent] ?? fail(`unknown entity &${ent};`);
        i = end + 1;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    const attrs: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (src.startsWith('/>', i)) {
        i += 2;
        return { ...el, attrs };
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      const a = name();
      if (a in attrs) fail(`duplicate attribute ${a}`);
      if (src[i] !== '=' || src[i + 1] !== '"') fail('expected ="');
      i += 2;
      attrs[a] = decode('"');
      if (src[i] !== '"') fail('unterminated attribute');
      i++;
    }
    const out: XmlElement = { ...el, attrs };
    for (;;) {
      out.text += decode('<');
      if (i >= src.length) fail(`unclosed <${out.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        if (name() !== out.name) fail(`mismatched </...> for <${out.name}>`);
        skipSpace();
        if (src[i] !== '>') fail('expected >');
        i++;
        return out;
      }
      out.children.push(element());
    }
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== src.length) fail('content after the root element');
  return root;
}
