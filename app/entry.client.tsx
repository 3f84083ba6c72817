import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { type Messages, isLocale, registerCatalog } from "~/i18n";

// The page is already whole without JavaScript. To enhance it, the browser first needs the catalog of the
// page's language (JSON, cached), then hydrates; if the catalog cannot be had, the page simply stays plain.
const lang = document.documentElement.lang;
const href = document.querySelector('meta[name="gongzhi-i18n"]')?.getAttribute("content") ?? `/i18n/${lang}`;

fetch(href, { credentials: "same-origin" })
  .then((res) => (res.ok ? (res.json() as Promise<Messages>) : Promise.reject(new Error(`catalog ${res.status}`))))
  .then((messages) => {
    if (isLocale(lang)) registerCatalog(lang, messages);
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    });
  })
  .catch(() => undefined);
