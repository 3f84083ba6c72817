// The comment head drawn as one piece of markup (components/thread.tsx): names and reasons escaped, the
// stored (already sanitised) body kept as it is, the badges and time the page showed before.
import { describe, expect, it } from "vitest";
import { type ThreadComment, commentHeadHtml } from "~/components/thread";
import { type MessageKey, translate } from "~/i18n";

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
const zh = (key: MessageKey, vars?: Record<string, string | number>) => translate("zh-CN", key, vars);

describe("commentHeadHtml", () => {
  it.each([
    ["a plain comment", {}, '<p class="meta" id="c-7-by"><strong>王芳</strong> <span class="badge stance-for">赞成</span> <span class="muted">2026/11/26 10:05</span></p><div class="prose"><p>支持<strong>加装</strong></p>\n</div>'],
    ["an official, pinned, edited one", { official: true, pinned: true, editedAt: "2026-11-27T00:00:00.000Z", stance: "against" }, '<p class="meta" id="c-7-by"><strong>王芳</strong> <span class="badge stance-against">反对</span><span class="badge official">官方答复</span><span class="badge">置顶</span> <span class="muted">2026/11/26 10:05 · 已编辑</span></p><div class="prose"><p>支持<strong>加装</strong></p>\n</div>'],
    ["a name and a reason with markup", { author: '<img src=x onerror="alert(1)">&', hiddenReason: "<b>广告</b>", html: null }, '<p class="meta" id="c-7-by"><strong>&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;</strong> <span class="badge stance-for">赞成</span> <span class="muted">2026/11/26 10:05</span></p><p class="hidden-note">该内容因“&#60;b&#62;广告&#60;/b&#62;”已被隐藏</p>'],
  ] as const)("draws %s", (_, change, html) => {
    expect(commentHeadHtml({ ...base, ...change } as ThreadComment, zh, "zh-CN")).toBe(html);
  });
});
