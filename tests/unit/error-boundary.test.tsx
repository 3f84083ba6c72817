// The root error page (issue 13 · 5) as React draws it: the catalog message of a thrown Response, a generic
// message otherwise, a link home, and for a passer-by refused with 403 a link to sign in.
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouterProvider, createStaticHandler, createStaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorBoundary } from "~/root";
import { LocaleContext, type Locale } from "~/i18n";

async function render(error: unknown, root: { locale: Locale; viewer: unknown } | null, locale: Locale = "zh-CN") {
  const routes = [
    {
      id: "root",
      path: "/",
      loader: () => root,
      ErrorBoundary,
      children: [
        {
          id: "page",
          path: "admin",
          Component: () => null,
          loader: () => {
            throw error;
          },
        },
      ],
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/admin"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    <LocaleContext.Provider value={locale}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </LocaleContext.Provider>,
  );
}

const response = (status: number, data: string) => new Response(data, { status });

describe("issue 13 · 5: the root error page", () => {
  it("issue 13 · 5: a 403 for a passer-by offers to sign in and come back", async () => {
    const html = await render(response(403, "error.forbidden"), { locale: "zh-CN", viewer: null });
    expect(html).toContain("你没有权限进行此操作。");
    expect(html).toContain('href="/login?redirectTo=%2Fadmin"');
    expect(html).toContain("登录后再试");
    expect(html).toContain('href="/"');
  });

  it("issue 13 · 5: a signed-in person refused with 403 gets no sign-in link", async () => {
    const html = await render(response(403, "request.notYourLevel"), { locale: "en", viewer: { name: "王芳" } }, "en");
    expect(html).not.toContain("/login");
    expect(html).toContain("Back to home");
  });

  it("issue 13 · 5: a body that is not a catalog key, or a thrown error, shows only a generic message", async () => {
    const notKey = await render(response(404, "SELECT * FROM secrets failed"), { locale: "zh-CN", viewer: null });
    expect(notKey).toContain("找不到该页面或记录");
    expect(notKey).not.toContain("SELECT");
    const crash = await render(new Error("SQLITE_CORRUPT at db/connect.ts:12"), { locale: "en", viewer: null }, "en");
    expect(crash).toContain("Something went wrong on the server. Please try again later.");
    expect(crash).not.toContain("SQLITE_CORRUPT");
    expect(crash).not.toContain("/login");
  });
});
