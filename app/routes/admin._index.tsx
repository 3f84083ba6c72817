import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireAllowed, requireViewer } from "~/auth/guards.server";
import { canAdminister } from "~/domain/permissions";
import { useT, pageTitle } from "~/i18n";

export const meta: MetaFunction = (args) => pageTitle(args, "title.admin");

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  requireAllowed(viewer, canAdminister(viewer.actor));
  return null;
}

export default function AdminHome() {
  const t = useT();
  return (
    <>
      <h1>{t("admin.title")}</h1>
      <ul className="plain">
        <li>
          <Link to="/places">{t("admin.places")}</Link>
        </li>
        <li>
          <Link to="/admin/roles">{t("admin.roles")}</Link>
        </li>
        <li>
          <Link to="/admin/requests">{t("admin.requests")}</Link>
        </li>
        <li>
          <Link to="/admin/audit">{t("admin.audit")}</Link>
        </li>
        <li>
          <Link to="/admin/rules">{t("rules.title")}</Link>
        </li>
        <li>
          <Link to="/admin/responsibilities">{t("rules.responsibilities")}</Link>
        </li>
        <li>
          <Link to="/admin/outbox">{t("outbox.link")}</Link>
        </li>
      </ul>
    </>
  );
}
