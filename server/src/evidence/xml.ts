/**
 * XML 1.0 text escaping for the `.ckl` writer, and a small strict reader for the `.ckl` subset of
 * XML (elements, text, comments, CDATA, the XML declaration, the five predefined entities and
 * character references). It refuses a DOCTYPE, so no entity can expand. The merge and the tests
 * read checklists with it.
 */

/**
 * Characters XML 1.0 does not allow at all (C0 controls but tab, line feed and carriage return;
 * U+FFFE, U+FFFF; unpaired surrogates). No escape can carry them, so they are written as the
 * visible text `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function hex4(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Escapes text for element content. `&`, `<` and `>` become entities; a carriage return becomes
 * `&#13;` so that it survives the line-end normalisation every XML parser applies.
 */
export function xmlText(s: string): string {
  return s.replace(FORBIDDEN, hex4).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

// ---- reader ----

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export interface XmlDocument {
  /** comments before the root element, in order */
  prolog: string[];
  root: XmlElement;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: () => string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (m, ref: string | undefined) => {
    if (!ref) throw new Error(`bare & in text ${where()}`);
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!ok) throw new Error(`character reference ${m} is not allowed in XML 1.0 ${where()}`);
      return String.fromCodePoint(cp);
    }
    const v = ENTITIES[ref];
    if (v === undefined) throw new Error(`unknown entity ${m} ${where()}`);
    return v;
  });
}

/**
 * Parses an XML document. Strict: mismatched tags, text outside the root, a DOCTYPE, an undefined
 * entity or a character XML 1.0 forbids are errors (with the line number).
 */
export function parseXml(input: string): XmlDocument {
  const s = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'); // XML line-end normalisation
  FORBIDDEN.lastIndex = 0;
  const bad = FORBIDDEN.exec(s);
  if (bad)
    throw new Error(
      `character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0 at line ${lineOf(s, bad.index)}`,
    );
  let i = 0;
  const where = () => `at line ${lineOf(s, i)}`;
  const prolog: string[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) throw new Error(`expected a name ${where()}`);
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };

  if (s.startsWith('<?xml')) {
    const end = s.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const text = s.slice(i, lt < 0 ? s.length : lt);
    if (text) {
      if (stack.length) stack[stack.length - 1].children.push(decode(text, where));
      else if (text.trim()) throw new Error(`text outside the root element ${where()}`);
    }
    if (lt < 0) break;
    i = lt;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`unterminated comment ${where()}`);
      if (!root && !stack.length) prolog.push(s.slice(i + 4, end));
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i);
      if (end < 0 || !stack.length) throw new Error(`bad CDATA section ${where()}`);
      stack[stack.length - 1].children.push(s.slice(i + 9, end));
      i = end + 3;
    } else if (s.startsWith('<!', i)) {
      throw new Error(`DOCTYPE and other declarations are not accepted ${where()}`);
    } else if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i);
      if (end < 0) throw new Error(`unterminated processing instruction ${where()}`);
      i = end + 2;
    } else if (s.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (s[i] !== '>') throw new Error(`expected > ${where()}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name ?? '(nothing)'}> ${where()}`);
    } else {
      i++;
      const el: XmlElement = { name: readName(), attrs: {}, children: [] };
      for (;;) {
        skipSpace();
        if (s.startsWith('/>', i) || s[i] === '>') break;
        const an = readName();
        skipSpace();
        if (s[i] !== '=') throw new Error(`expected = after ${an} ${where()}`);
        i++;
        skipSpace();
        const q = s[i];
        if (q !== '"' && q !== "'") throw new Error(`expected a quoted value for ${an} ${where()}`);
        const end = s.indexOf(q, i + 1);
        if (end < 0) throw new Error(`unterminated attribute ${an} ${where()}`);
        if (an in el.attrs) throw new Error(`attribute ${an} twice ${where()}`);
        el.attrs[an] = decode(s.slice(i + 1, end), where);
        i = end + 1;
      }
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error(`a second root element <${el.name}> ${where()}`);
      else root = el;
      if (s.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(el);
      }
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error('no root element');
  return { prolog, root };
}

function lineOf(s: string, index: number): number {
  let n = 1;
  for (let k = s.indexOf('\n'); k >= 0 && k < index; k = s.indexOf('\n', k + 1)) n++;
  return n;
}

/** Child elements, optionally only those named `name`. */
export function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

/** The first child element named `name`, if any. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return elements(el, name)[0];
}

/** The text content (of text and CDATA children; element children are an error). */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children
    .map((c) => {
      if (typeof c !== 'string') throw new Error(`<${el.name}> has an element child <${c.name}> where text was expected`);
      return c;
    })
    .join('');
}
