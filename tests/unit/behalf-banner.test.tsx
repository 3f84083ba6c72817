// The on-behalf banner (代办, issue 17 · 6) as React draws it: whom for and the minutes left, and a plain form
// (no JavaScript needed) posting to /behalf/end; nothing at all when the session acts for no one.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BehalfBanner } from "~/components/behalf-banner";
import { LocaleContext, type Locale } from "~/i18n";

const render = (behalf: { name: string; minutes: number } | null, locale: Locale = "zh-CN") =>
  renderToStaticMarkup(
    <LocaleContext.Provider value={locale}>
      <BehalfBanner behalf={behalf} />
    </LocaleContext.Provider>,
  );

describe("the on-behalf banner", () => {
  it("says whom for and how long, with a button that ends it without JavaScript", () => {
    const html = render({ name: "王芳", minutes: 30 });
    expect(html).toContain("正在代 王芳 办理 · 剩余 30 分钟");
    expect(html).toMatch(/<form method="post" action="\/behalf\/end"><button type="submit">结束代办<\/button><\/form>/);
    expect(html).toContain('role="status"');
  });

  it("in English too", () => {
    expect(render({ name: "Wang Fang", minutes: 1 }, "en")).toContain("Acting for Wang Fang · 1 min left");
  });

  it("draws nothing when acting for no one", () => {
    expect(render(null)).toBe("");
  });
});
