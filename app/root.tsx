import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from "@remix-run/react";
import { getViewerResult } from "~/auth/guards.server";
import { shellData } from "~/features/home/page.server";
import { catalogVersion } from "~/i18n/catalogs.server";
import { readFlash } from "~/web/flash.server";
import { DEFAULT_LOCALE, LOCALES, LocaleContext, type Locale, type MessageKey, isMessageKey, translate, useT } from "~/i18n";
import { localeFor } from "~/web/locale.server";
import { largeTextFor } from "~/web/text-size.server";
import { now } from "~/clock.server";
import { behalfBanner } from "~/features/on-behalf/page.server";
import { BehalfBanner } from "~/components/behalf-banner";
import { useNonce } from "~/web/nonce";
import styles from "~/styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const locale = data?.locale ?? DEFAULT_LOCALE;
  return [{ title: error ? `${translate(locale, "error.title")} · ${translate(locale, "app.name")}` : translate(locale, "app.name") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, setCookie } = await getViewerResult(request);
  const flash = readFlash(request);
  const locale = localeFor(request, viewer);
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (flash.clear) headers.append("Set-Cookie", flash.clear);
  return data(
    {
      locale,
      i18nHref: `/i18n/${locale}?v=${catalogVersion(locale)}`,
      flash: flash.msg,
      viewer: await shellData(viewer),
      largeText: largeTextFor(request, viewer),
      behalf: behalfBanner(viewer, now()),
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

function Nav({ viewer }: { viewer: RootData["viewer"] }) {
  const t = useT();
  const location = useLocation();
  return (
    <nav className="main" aria-label={t("nav.main")}>
      <ul>
        <li>
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
        </li>
        {viewer ? (
          <>
            {viewer.compoundId ? (
              <li>
                <NavLink to={`/compounds/${viewer.compoundId}`}>{t("nav.myCompound")}</NavLink>
              </li>
            ) : (
              <li>
                <NavLink to="/claim">{t("nav.claim")}</NavLink>
              </li>
            )}
            {viewer.canReview ? (
              <li>
                <NavLink to="/review">{t("nav.review")}</NavLink>
              </li>
            ) : null}
            {viewer.hasInbox ? (
              <li>
                <NavLink to="/requests">{t("nav.inbox")}</NavLink>
              </li>
            ) : null}
            {viewer.canPlaces ? (
              <li>
                <NavLink to="/places">{t("nav.places")}</NavLink>
              </li>
            ) : null}
            {viewer.isAdmin ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
            {viewer.canBehalf ? (
              <li>
                <NavLink to="/behalf">{t("nav.behalf")}</NavLink>
              </li>
            ) : null}
            {viewer.compoundId ? (
              <li>
                <NavLink to="/my/proposals">{t("proposal.mine")}</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to="/notifications" className="bell" aria-label={t("notify.bell", { count: viewer.unread })}>
                {t("nav.notifications")}
                {viewer.unread > 0 ? ` (${viewer.unread})` : ""}
              </NavLink>
            </li>
            <li>
              <NavLink to="/account">{t("nav.account")}</NavLink>
            </li>
            <li>
              <Form method="post" action="/logout">
                <button type="submit" className="linkbutton">
                  {t("nav.logout")}
                </button>
              </Form>
            </li>
          </>
        ) : (
          <>
            <li>
              <NavLink to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("nav.login")}</NavLink>
            </li>
            <li>
              <NavLink to="/register">{t("nav.register")}</NavLink>
            </li>
          </>
        )}
      </ul>
    </nav>
  );
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="lang-select">{t("lang.label")}</label>
      <select id="lang-select" name="locale" defaultValue={locale}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        {t("lang.switch")}
      </button>
    </Form>
  );
}

/** Elderly mode (issue 17 · 5): one button that turns large text on or off, a plain form that works without JS. */
function TextSizeSwitch({ large }: { large: boolean }) {
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/text-size" className="text-size">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <input type="hidden" name="textSize" value={large ? "normal" : "large"} />
      <button type="submit">{t(large ? "textSize.normal" : "textSize.large")}</button>
    </Form>
  );
}

/** Flash variables that are themselves catalog keys (a role's name, say) are shown in the page's language. */
function translateVars(locale: Locale, vars: Record<string, string | number> | undefined) {
  if (!vars) return vars;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, isMessageKey(v) ? translate(locale, v) : v]));
}

function Shell({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const t = (key: MessageKey) => translate(locale, key);
  const nonce = useNonce();
  return (
    <html lang={locale} className={root?.largeText ? "large-text" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* The page's catalog, fetched while the scripts load and read by entry.client before it hydrates. */}
        <meta name="gongzhi-i18n" content={root?.i18nHref ?? `/i18n/${locale}`} />
        <link rel="preload" href={root?.i18nHref ?? `/i18n/${locale}`} as="fetch" crossOrigin="anonymous" />
      </head>
      <body>
        <LocaleContext.Provider value={locale}>
          <a className="skip" href="#main">
            {t("nav.skip")}
          </a>
          <BehalfBanner behalf={root?.behalf ?? null} />
          <header className="top">
            <div className="bar">
              <a href="/" className="brand">
                {t("app.name")}
                <small>{t("app.tagline")}</small>
              </a>
              <TextSizeSwitch large={!!root?.largeText} />
            </div>
            <Nav viewer={root?.viewer ?? null} />
          </header>
          <main id="main">
            {root?.flash ? (
              <p className="flash" role="status">
                {translate(locale, root.flash.key, translateVars(locale, root.flash.vars))}
              </p>
            ) : null}
            {children}
          </main>
          <footer className="bottom">
            <LanguageSwitch locale={locale} />
            <p>
              <Link to="/open-data">{t("nav.openData")}</Link>
            </p>
          </footer>
        </LocaleContext.Provider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  return <Shell locale={root?.locale ?? DEFAULT_LOCALE}>{children}</Shell>;
}

export default function App() {
  return <Outlet />;
}

/**
 * Every error a page throws lands here, inside the layout (header, navigation, language switch) and in the
 * person's language. A thrown Response whose body is a catalog key shows that message; anything else shows a
 * generic one for its status, so no stack or internal text ever reaches the page.
 */
/** 404, 403 and 500 in the layout, in the person's language, with a way back (app/components/error-page.tsx). */
export { ErrorPage as ErrorBoundary } from "~/components/error-page";
