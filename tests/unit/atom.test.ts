// The hand-written Atom feed: the escape function against the XML 1.0 rules, and the feed checked well-formed by
// the strict checker of tests/support/xml.ts (itself tested here on documents it must refuse).
import { describe, expect, it } from "vitest";
import { atomDate, atomXml, escapeXml } from "~/domain/atom";
import { childText, childrenNamed, parseXml } from "../support/xml";

describe("escapeXml", () => {
  it.each([
    ["plain Chinese stays", "更换单元门禁系统", "更换单元门禁系统"],
    ["ampersand", "A & B", "A &amp; B"],
    ["an entity-looking text is escaped, not kept", "&amp;", "&amp;amp;"],
    ["angle brackets", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["double and single quotes (attribute-safe)", `"x" 'y'`, "&quot;x&quot; &apos;y&apos;"],
    ["CDATA end", "]]>", "]]&gt;"],
    ["tab, newline, carriage return stay", "a\tb\nc\rd", "a\tb\nc\rd"],
    ["C0 controls are dropped", "a\u0000b\u0001c\u001fd\u000be", "abcde"],
    ["DEL and C1 are allowed by XML 1.0", "a\u007fb\u0085c", "a\u007fb\u0085c"],
    ["U+FFFE and U+FFFF are dropped", "a\ufffeb\uffffc", "abc"],
    ["a lone surrogate is dropped", "a\ud800b\udc00c", "abc"],
    ["a pair (an emoji) stays", "好😀", "好😀"],
    ["right-to-left override stays (a legal character)", "a\u202eb", "a\u202eb"],
    ["empty", "", ""],
  ])("%s", (_label, input, want) => {
    expect(escapeXml(input)).toBe(want);
  });

  it("whatever goes in, the element it fills is well-formed and reads back (legal characters) as it went in", () => {
    const samples = ["<a href='x'>&nbsp;</a>", "&#0; &#xD800; &lt", "]]><!-- -->", "\"'<>&", "电梯 & 门禁 <试点>"];
    for (const s of samples) {
      const el = parseXml(`<t a="${escapeXml(s)}" b='${escapeXml(s)}'>${escapeXml(s)}</t>`);
      expect(el.text).toBe(s);
      expect(el.attrs).toEqual({ a: s, b: s });
    }
  });
});

describe("the XML checker refuses what is not well-formed", () => {
  it.each([
    ["an unclosed element", "<a><b></a>"],
    ["crossed tags", "<a><b></a></b>"],
    ["a bare ampersand", "<a>x & y</a>"],
    ["an unknown entity", "<a>&nbsp;</a>"],
    ["a < in an attribute", '<a x="<"/>'],
    ["an unquoted attribute", "<a x=1/>"],
    ["a repeated attribute", '<a x="1" x="2"/>'],
    ["two roots", "<a/><b/>"],
    ["text outside the root", "<a/>x"],
    ["a control character", "<a>\u0001</a>"],
    ["a comment", "<a><!-- x --></a>"],
  ])("%s", (_label, doc) => {
    expect(() => parseXml(doc)).toThrow();
  });
});

describe("atomXml", () => {
  const feed = {
    id: "https://gongzhi.example/p/7/feed",
    title: "幸福里小区 · 决议与项目进展",
    self: "https://gongzhi.example/p/7/feed",
    alternate: "https://gongzhi.example/p/7",
    author: "共治",
    lang: "zh-CN",
    updated: "2026-01-01T00:00:00.000Z",
    entries: [
      {
        id: "https://gongzhi.example/p/7/requests/3#step-9",
        title: "项目「门禁 & <对讲>」：受理，已受理",
        updated: "2026-11-17T02:00:00Z",
        link: "https://gongzhi.example/p/7/requests/3?a=1&b=2",
        summary: "幸福里社区（社区）· 社区工作人员",
      },
      {
        id: "https://gongzhi.example/p/7/resolutions/1",
        title: "决议 2026-001 通过：更换单元门禁系统",
        updated: "2026-11-17T03:00:00.000Z",
        link: "https://gongzhi.example/p/7/resolutions/1",
        summary: "业主表决通过",
      },
    ],
  };

  it("is well-formed Atom: namespace, id, title, updated, self and alternate links, an author", () => {
    const root = parseXml(atomXml(feed));
    expect(root.name).toBe("feed");
    expect(root.attrs).toEqual({ xmlns: "http://www.w3.org/2005/Atom", "xml:lang": "zh-CN" });
    expect(childText(root, "id")).toBe(feed.id);
    expect(childText(root, "title")).toBe(feed.title);
    expect(childrenNamed(root, "link").map((l) => l.attrs)).toEqual([
      { rel: "self", type: "application/atom+xml", href: feed.self },
      { rel: "alternate", type: "text/html", href: feed.alternate },
    ]);
    expect(childText(childrenNamed(root, "author")[0], "name")).toBe("共治");
  });

  it("lists entries newest first, times in ISO with milliseconds, the feed updated as its newest entry, text read back as written", () => {
    const root = parseXml(atomXml(feed));
    const entries = childrenNamed(root, "entry");
    expect(entries.map((e) => childText(e, "id"))).toEqual([feed.entries[1].id, feed.entries[0].id]);
    expect(entries.map((e) => childText(e, "updated"))).toEqual(["2026-11-17T03:00:00.000Z", "2026-11-17T02:00:00.000Z"]);
    expect(childText(root, "updated")).toBe("2026-11-17T03:00:00.000Z");
    expect(childText(entries[1], "title")).toBe("项目「门禁 & <对讲>」：受理，已受理");
    expect(childrenNamed(entries[1], "link")[0].attrs.href).toBe("https://gongzhi.example/p/7/requests/3?a=1&b=2");
  });

  it("an empty feed is still valid, updated at the given instant", () => {
    const root = parseXml(atomXml({ ...feed, entries: [] }));
    expect(childrenNamed(root, "entry")).toEqual([]);
    expect(childText(root, "updated")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("refuses a time that is not an instant", () => {
    expect(() => atomDate("yesterday")).toThrow();
    expect(atomDate("2026-11-17T10:00:00+08:00")).toBe("2026-11-17T02:00:00.000Z");
  });
});
