// A small, strict XML 1.0 well-formedness check for the tests (no XML parser is installed): an optional
// declaration, then one element; every tag closed in order; attributes quoted and not repeated; text and
// attribute values free of "<" and of any "&" that does not start a predefined or numeric character reference;
// no character XML forbids. It gives back the element tree, so a test can read the feed's entries. Comments,
// CDATA, processing instructions and DOCTYPEs are refused: the feed has none, so any is a mistake.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const REF = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are what this looks for
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function decode(raw: string, where: string): string {
  let out = "";
  for (let i = 0; i < raw.length;) {
    const ch = raw[i];
    if (ch === "<") throw new Error(`"<" in ${where}`);
    if (ch === "&") {
      const m = REF.exec(raw.slice(i));
      if (!m) throw new Error(`a bare "&" in ${where}: ${raw.slice(i, i + 12)}`);
      const ref = m[0].slice(1, -1);
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      out += named[ref] ?? String.fromCodePoint(ref.startsWith("#x") ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
      i += m[0].length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The document's root element, or an Error saying where it is not well-formed. */
export function parseXml(doc: string): XmlElement {
  if (FORBIDDEN.test(doc)) throw new Error("a character XML 1.0 forbids");
  let s = doc.replace(/^<\?xml version="1\.0"(?: encoding="[A-Za-z0-9._-]+")?\?>/, "");
  if (/^\s*<[?!]/.test(s)) throw new Error("a declaration, comment, DOCTYPE or processing instruction");
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  s = s.replace(/^\s+/, "");
  while (s.length) {
    if (s.startsWith("</")) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(s);
      const open = stack.pop();
      if (!m || !open || open.name !== m[1]) throw new Error(`a close tag that does not match: ${s.slice(0, 30)}`);
      s = s.slice(m[0].length);
    } else if (s.startsWith("<")) {
      if (/^<[!?]/.test(s)) throw new Error("a comment, CDATA section or processing instruction");
      const name = NAME.exec(s.slice(1))?.[0];
      if (!name) throw new Error(`a tag without a name: ${s.slice(0, 30)}`);
      s = s.slice(1 + name.length);
      const el: XmlElement = { name, attrs: {}, children: [], text: "" };
      for (;;) {
        const a = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(s);
        if (!a) break;
        if (a[1] in el.attrs) throw new Error(`attribute ${a[1]} twice`);
        el.attrs[a[1]] = decode(a[2] ?? a[3], `attribute ${a[1]}`);
        s = s.slice(a[0].length);
      }
      const end = /^\s*(\/?)>/.exec(s);
      if (!end) throw new Error(`a malformed tag <${name}: ${s.slice(0, 30)}`);
      s = s.slice(end[0].length);
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error("a second root element");
      else root = el;
      if (!end[1]) stack.push(el);
    } else {
      const next = s.indexOf("<");
      const raw = next < 0 ? s : s.slice(0, next);
      if (!stack.length) {
        if (raw.trim()) throw new Error(`text outside the root: ${raw.slice(0, 30)}`);
      } else stack[stack.length - 1].text += decode(raw, `<${stack[stack.length - 1].name}>`);
      s = next < 0 ? "" : s.slice(next);
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1].name}> never closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** The children of an element with this name. */
export const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
/** The text of the one child with this name. */
export const childText = (el: XmlElement, name: string) => childrenNamed(el, name)[0]?.text;
