import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { attempt } from "~/web/actions.server";
import { forbidden, idParam, requireActionViewer, requireViewer, visibleOr404 } from "~/auth/guards.server";
import { now } from "~/clock.server";
import { FieldError, FormAlert, Submit } from "~/components/form";
import { RULES } from "~/domain/tally";
import { redirectWithFlash } from "~/web/flash.server";
import { readValidForm } from "~/web/form-action.server";
import { choice } from "~/web/forms.server";
import { TIME_ZONE, useT, pageTitle } from "~/i18n";
import { openVote } from "~/features/votes/commands.server";
import { voteOpeningPage } from "~/features/votes/page.server";

export { ErrorPage as ErrorBoundary } from "~/components/error-page";

export const meta: MetaFunction = (args) => pageTitle(args, "title.voteOpen");

/** The proposal's opening page, for whom may open its vote: otherwise a 404 (not seen) or a 403. */
async function loadForVote(viewer: Awaited<ReturnType<typeof requireViewer>>, id: string | undefined) {
  const page = await visibleOr404(() => voteOpeningPage(viewer.actor, idParam(id)));
  return page ?? forbidden();
}

/** "2026-12-01T09:30" typed in Beijing time, as an instant. */
function beijing(local: string): Date {
  return new Date(`${local}:00+08:00`);
}

function localNow(offsetMinutes: number): string {
  const d = new Date(now().getTime() + offsetMinutes * 60_000 + 8 * 3_600_000);
  return d.toISOString().slice(0, 16);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const page = await loadForVote(viewer, params.id);
  return {
    ...page,
    defaults: { opensAt: localNow(0), closesAt: localNow(7 * 24 * 60) },
    timeZone: TIME_ZONE,
  };
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const schema = () =>
  z.object({
    rule: choice(RULES as unknown as ["residents", "owners_ordinary", "owners_major"]),
    per: choice(["person", "dwelling"] as const),
    quorumPercent: z.coerce.number({ invalid_type_error: "v.number" }).int("v.number").min(0, "v.number").max(100, "v.number"),
    secret: z.enum(["on"]).optional(),
    opensAt: z.string().regex(LOCAL, "v.date"),
    closesAt: z.string().regex(LOCAL, "v.date"),
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireActionViewer(request);
  const { proposal: p } = await loadForVote(viewer, params.id);
  const read = await readValidForm(request, schema());
  if (!read.ok) return read.response;
  const { form, data: d } = read;
  const r = await attempt(
    () =>
      openVote(
        viewer.actor,
        {
          proposalId: p.id,
          rule: d.rule,
          per: d.per,
          quorumPercent: d.quorumPercent,
          secret: d.secret === "on",
          opensAt: beijing(d.opensAt),
          closesAt: beijing(d.closesAt),
        },
        now(),
      ),
    undefined,
    form,
  );
  if (!r.ok) return r.response;
  return redirectWithFlash(`/votes/${r.value}`, { key: "vote.opened" });
}

export default function OpenVote() {
  const t = useT();
  const { proposal, defaults, mayOpen, vote } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const v = failed?.values;
  const errors = failed?.fieldErrors;
  if (!mayOpen) {
    return (
      <>
        <h1>{t("vote.openTitle", { title: proposal.title })}</h1>
        <p className="alert">{t("vote.cannotOpen", { state: t(`pstate.${proposal.state}`) })}</p>
        <p className="row">
          <Link to={`/proposals/${proposal.id}`}>{proposal.title}</Link>
          {vote ? <Link to={`/votes/${vote.id}`}>{vote.status === "open" ? t("vote.goVote") : t("vote.viewVote")}</Link> : null}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("vote.openTitle", { title: proposal.title })}</h1>
      <FormAlert msg={failed?.formError} />
      <Form method="post" className="stack wide">
        <fieldset aria-describedby="rule-help">
          <legend>{t("vote.rule")}</legend>
          <p id="rule-help" className="muted">
            {t("vote.ruleHelp")}
          </p>
          {RULES.map((r, i) => (
            <label key={r} htmlFor={`rule-${r}`} className="block">
              <input id={`rule-${r}`} type="radio" name="rule" value={r} defaultChecked={v?.rule ? v.rule === r : i === 1} /> {t(`vote.rule.${r}`)}
            </label>
          ))}
          <FieldError name="rule" errors={errors} />
        </fieldset>
        <div className="row">
          <div className="field">
            <label htmlFor="f-per">{t("vote.per")}</label>
            <select id="f-per" name="per" defaultValue={v?.per ?? "person"}>
              <option value="person">{t("vote.per.person")}</option>
              <option value="dwelling">{t("vote.per.dwelling")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-quorum">{t("vote.quorum")}</label>
            <input id="f-quorum" name="quorumPercent" type="number" min={0} max={100} defaultValue={v?.quorumPercent ?? 50} />
            <FieldError name="quorumPercent" errors={errors} />
          </div>
        </div>
        <label htmlFor="f-secret">
          <input id="f-secret" type="checkbox" name="secret" value="on" defaultChecked={v ? v.secret === "on" : true} /> {t("vote.secret")}
        </label>
        <div className="row">
          <div className="field">
            <label htmlFor="f-opens">{t("vote.opensAt")}</label>
            <input id="f-opens" name="opensAt" type="datetime-local" defaultValue={v?.opensAt ?? defaults.opensAt} required />
            <FieldError name="opensAt" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="f-closes">{t("vote.closesAt")}</label>
            <input id="f-closes" name="closesAt" type="datetime-local" defaultValue={v?.closesAt ?? defaults.closesAt} required />
            <FieldError name="closesAt" errors={errors} />
          </div>
        </div>
        <div>
          <Submit>{t("vote.open")}</Submit>
        </div>
      </Form>
    </>
  );
}
