import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getViewer, readForm, requireSameOrigin, safeRedirect } from "~/auth/guards.server";
import { choice, parseForm } from "~/web/forms.server";
import { LOCALES } from "~/i18n";
import { localeCookie } from "~/web/locale.server";
import { chooseLanguage } from "~/features/accounts/commands.server";

const schema = () => z.object({ locale: choice(LOCALES as ["zh-CN", "en"]), redirectTo: z.string().optional() });

export async function loader() {
  return redirect("/");
}

/** Remembered per person when signed in, and by a cookie for visitors. */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  // Not a language we have: nothing to change, back where the person was.
  if (!parsed.ok) return redirect(safeRedirect(form.get("redirectTo")));
  const viewer = await getViewer(request);
  if (viewer) await chooseLanguage(viewer.user.id, parsed.data.locale);
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": localeCookie(parsed.data.locale) } });
}
