import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { isLocale } from "~/i18n";
import { SERVER_CATALOGS, catalogVersion } from "~/i18n/catalogs.server";
import { parseSearch } from "~/web/forms.server";

const searchSchema = () => z.object({ v: z.string().optional().catch(undefined) });

/** One language's catalog as JSON, cached for good (its URL carries the catalog's hash). */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = params.locale;
  if (!isLocale(locale)) throw new Response("error.notFound", { status: 404 });
  const wanted = parseSearch(searchSchema, request.url).v;
  const current = catalogVersion(locale);
  return new Response(JSON.stringify(SERVER_CATALOGS[locale]), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": wanted === current ? "public, max-age=31536000, immutable" : "no-cache",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
