import { describe, expect, it } from "vitest";
import { renderMarkdown } from "~/web/markdown.server";

describe("markdown", () => {
  it("renders headings, lists, emphasis and safe links", () => {
    const html = renderMarkdown("## 方案\n\n- **加装电梯**\n- 见 https://example.org/a?b=1\n\n[公告](https://example.org)");
    expect(html).toContain("<h2>方案</h2>");
    expect(html).toContain("<strong>加装电梯</strong>");
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener" target="_blank">公告</a>');
    expect(html).toContain('href="https://example.org/a?b=1"');
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>"],
    ["an onerror attribute", '<img src=x onerror="alert(1)">'],
    ["a javascript: link", "[点我](javascript:alert(1))"],
    ["an entity-encoded javascript: link", "[点我](&#106;avascript:alert(1))"],
    ["a tab inside the scheme", "[点我](java\tscript:alert(1))"],
    ["a data: link", "[点我](data:text/html;base64,PHNjcmlwdD4=)"],
    ["a vbscript: autolink", "<vbscript:msgbox(1)>"],
    ["an image with onerror", '![x](https://e.org/x.png" onerror="alert(1))'],
    ["an uppercase JAVASCRIPT: link", "[x](JAVASCRIPT:alert(1))"],
  ])("neutralises %s", (_name, source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
  });

  it("keeps an image as a link, not an <img>", () => {
    expect(renderMarkdown("![平面图](https://example.org/p.png)")).toContain(
      '<a href="https://example.org/p.png" rel="nofollow noopener" target="_blank">平面图</a>',
    );
  });
});
