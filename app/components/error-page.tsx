// The error page every route boundary and the root's show: in the layout, in the person's language, with a way
// back (home, or sign in when a 403 met someone signed out). A route exports it as its ErrorBoundary where a
// form lives, so the page's parents (the layout and its header) stay on screen.
import { isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { FormAlert } from "~/components/form";
import { type MessageKey, isMessageKey, useT } from "~/i18n";

export function ErrorPage() {
  const error = useRouteError();
  const root = useRouteLoaderData<{ viewer: unknown }>("root");
  const location = useLocation();
  const t = useT();
  let key: MessageKey = "error.server";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (isMessageKey(error.data)) key = error.data;
    else if (error.status === 404) key = "error.notFound";
    else if (error.status === 403) key = "error.forbidden";
    else if (error.status === 400 || error.status === 405) key = "error.badRequest";
  }
  const signIn = status === 403 && !root?.viewer;
  return (
    <>
      <h1>{t("error.title")}</h1>
      <FormAlert msg={{ key }} />
      <ul className="plain">
        {signIn ? (
          <li>
            <a href={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("error.signIn")}</a>
          </li>
        ) : null}
        <li>
          <a href="/">{t("error.backHome")}</a>
        </li>
      </ul>
    </>
  );
}
