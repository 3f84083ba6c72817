// The comment head (components/thread.tsx) drawn as React elements: names and reasons escaped by React, the
// stored (already sanitised) body kept as it is, the badges and time the page showed before, and no stance
// badge on a reply that takes none.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentHead, type ThreadComment } from "~/components/thread";

const base: ThreadComment = {
  id: 7,
  parentId: null,
  author: "王芳",
  authorId: 3,
  stance: "for",
  html: "<p>支持<strong>加装</strong></p>\n",
  bodyMd: null,
  hiddenReason: null,
  official: false,
  pinned: false,
  createdAt: "2026-11-26T02:05:00.000Z",
  editedAt: null,
  mine: false,
  revisions: null,
};
const draw = (change: Partial<ThreadComment>, locale: "zh-CN" | "en" = "zh-CN") =>
  renderToStaticMarkup(createElement(CommentHead, { c: { ...base, ...change }, locale }));

describe("CommentHead", () => {
  it.each([
    [
      "a plain comment",
      {},
      '<p class="meta" id="c-7-by"><strong>王芳</strong> <span class="badge stance-for">赞成</span> <span class="muted">2026/11/26 10:05</span></p><div class="prose"><p>支持<strong>加装</strong></p>\n</div>',
    ],
    [
      "an official, pinned, edited one",
      { official: true, pinned: true, editedAt: "2026-11-27T00:00:00.000Z", stance: "against" },
      '<p class="meta" id="c-7-by"><strong>王芳</strong> <span class="badge stance-against">反对</span><span class="badge official">官方答复</span><span class="badge">置顶</span> <span class="muted">2026/11/26 10:05 · 已编辑</span></p><div class="prose"><p>支持<strong>加装</strong></p>\n</div>',
    ],
    [
      "a name and a reason with markup",
      { author: '<img src=x onerror="alert(1)">&', hiddenReason: "<b>广告</b>", html: null },
      '<p class="meta" id="c-7-by"><strong>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;</strong> <span class="badge stance-for">赞成</span> <span class="muted">2026/11/26 10:05</span></p><p class="hidden-note">该内容因“&lt;b&gt;广告&lt;/b&gt;”已被隐藏</p>',
    ],
  ] as const)("draws %s", (_, change, html) => {
    expect(draw(change as Partial<ThreadComment>)).toBe(html);
  });

  it("issue 12 · 7: a name with <script> is drawn as text, never as markup", () => {
    const html = draw({ author: "<script>alert('x')</script>", html: null });
    expect(html).not.toContain("<script");
    expect(html).toContain("<strong>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</strong>");
  });

  it("issue 12 · 14: a reply without a stance shows no stance badge (not 中立)", () => {
    const html = draw({ parentId: 5, stance: null });
    expect(html).toBe(
      '<p class="meta" id="c-7-by"><strong>王芳</strong> <span class="muted">2026/11/26 10:05</span></p><div class="prose"><p>支持<strong>加装</strong></p>\n</div>',
    );
    expect(html).not.toContain("中立");
    expect(draw({ parentId: 5, stance: null, official: true }, "en")).toContain(
      '<strong>王芳</strong> <span class="badge official">Official answer</span> <span',
    );
  });
});
