// An Atom feed (RFC 4287) written by hand: a handful of elements, so no library; every text and attribute goes
// through one escape function that the unit tests hold to the XML 1.0 rules.

/**
 * Text safe inside an XML element or a double- or single-quoted attribute: the five markup characters become
 * entities, and characters XML 1.0 does not allow at all (C0 controls but tab, newline and carriage return, lone
 * surrogates, U+FFFE and U+FFFF) are dropped — an entity cannot carry them either.
 */
export function escapeXml(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "&") out += "&amp;";
    else if (ch === "<") out += "&lt;";
    else if (ch === ">") out += "&gt;";
    else if (ch === '"') out += "&quot;";
    else if (ch === "'") out += "&apos;";
    else if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000) out += ch;
  }
  return out;
}

export interface AtomEntry {
  /** A permanent IRI: the same item keeps it for good. */
  id: string;
  title: string;
  /** ISO-8601 UTC. */
  updated: string;
  /** The HTML page of the item. */
  link: string;
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own address (rel="self") and its HTML page (rel="alternate"). */
  self: string;
  alternate: string;
  author: string;
  lang: string;
  /** ISO-8601 UTC, used when there is no entry (else the newest entry's). */
  updated: string;
  entries: readonly AtomEntry[];
}

/** An instant as RFC 3339 (what Atom's dates are): the stored ISO text, normalised to UTC with milliseconds. */
export function atomDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not an instant: ${iso}`);
  return d.toISOString();
}

const el = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;
const link = (rel: string, type: string, href: string) => `<link rel="${rel}" type="${type}" href="${escapeXml(href)}"/>`;

/** The feed's XML, entries newest first (ties: the later id first, as given). */
export function atomXml(feed: AtomFeed): string {
  const entries = [...feed.entries]
    .map((e) => ({ ...e, updated: atomDate(e.updated) }))
    .sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  const updated = entries[0]?.updated ?? atomDate(feed.updated);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}">`,
    `  ${el("id", feed.id)}`,
    `  ${el("title", feed.title)}`,
    `  ${el("updated", updated)}`,
    `  ${link("self", "application/atom+xml", feed.self)}`,
    `  ${link("alternate", "text/html", feed.alternate)}`,
    `  <author>${el("name", feed.author)}</author>`,
  ];
  for (const e of entries) {
    lines.push(
      "  <entry>",
      `    ${el("id", e.id)}`,
      `    ${el("title", e.title)}`,
      `    ${el("updated", e.updated)}`,
      `    ${link("alternate", "text/html", e.link)}`,
      `    ${el("summary", e.summary)}`,
      "  </entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}
