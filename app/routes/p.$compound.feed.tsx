import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n/index";
import { localeFor } from "~/web/locale.server";
import { publicFeed } from "~/features/public/page.server";

/** GET /p/:compound/feed — the compound's Atom feed (issue 17 · 3); an unknown compound is a 404 in Chinese. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    return await publicFeed(request, params.compound, localeFor(request, null));
  } catch (e) {
    if (!(e instanceof Response) || e.status !== 404) throw e;
    return new Response(translate("zh-CN", "public.noCompound"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
}
