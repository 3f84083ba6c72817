import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getViewer, readForm, requireSameOrigin, safeRedirect } from "~/auth/guards.server";
import { secureCookies } from "~/env.server";
import { chooseLargeText } from "~/features/accounts/commands.server";
import { choice, parseForm } from "~/web/forms.server";
import { TEXT_SIZES, largeTextCookie } from "~/web/text-size.server";

const schema = () =>
  z.object({
    textSize: choice(TEXT_SIZES),
    redirectTo: z.string().optional(),
  });

export async function loader() {
  return redirect("/");
}

/**
 * The large-text switch (elderly mode, issue 17 · 5): a plain form on every page. Remembered on the account when
 * signed in, and by a cookie in every case; then back to the page the person was on (a path on this site only).
 */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const parsed = parseForm(schema, form);
  if (!parsed.ok) throw new Response("textSize.bad", { status: 400 });
  const on = parsed.data.textSize === "large";
  const viewer = await getViewer(request);
  // One's own reading preference, like the language (routes/language.tsx): anyone may set their own.
  if (viewer) await chooseLargeText(viewer.user.id, on);
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": largeTextCookie(on, secureCookies()) } });
}
