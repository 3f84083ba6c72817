import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt, invalid } from "~/web/actions.server";
import { readForm, requireActionViewer, requireAllowed, requireViewer } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FormAlert, Submit } from "~/components/form";
import { DataTable } from "~/components/table-wrap";
import { canAdminister } from "~/domain/permissions";
import { redirectWithFlash } from "~/web/flash.server";
import { idField, parseForm } from "~/web/forms.server";
import { formatDateTime, useLocale, useT, pageTitle } from "~/i18n";
import { retryDelivery } from "~/features/outbox/commands.server";
import { outboxPage } from "~/features/outbox/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.outbox");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  return outboxPage();
}

const schema = () => z.object({ id: idField });

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  const form = await readForm(request);
  const parsed = parseForm(schema(), form);
  if (!parsed.ok) return invalid(parsed.fieldErrors, undefined, form);
  const r = await attempt(() => retryDelivery(viewer.user.id, parsed.data.id, now()), undefined, form);
  if (!r.ok) return r.response;
  return redirectWithFlash("/admin/outbox", { key: "outbox.requeued" });
}

export default function Outbox() {
  const t = useT();
  const locale = useLocale();
  const { failed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p>{t("outbox.intro")}</p>
      <FormAlert msg={actionData?.formError} />
      {failed.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <DataTable label={t("outbox.title")} columns={[t("outbox.when"), t("outbox.person"), t("outbox.channel"), t("outbox.attempts"), t("outbox.error"), ""]}>
          {failed.map((f) => (
            <tr key={f.id}>
              <td>{formatDateTime(f.created_at, locale)}</td>
              <td>{f.name}</td>
              <td>{t(`contact.${f.channel}`)}</td>
              <td>{f.attempts}</td>
              <td>{f.last_error === "interrupted" ? t("outbox.interrupted") : f.last_error}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="id" value={f.id} />
                  <Submit className="secondary">{t("outbox.retry")}</Submit>
                </Form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
