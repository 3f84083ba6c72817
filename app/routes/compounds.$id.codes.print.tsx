import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePlace, requireViewer } from "~/auth/guards.server";
import { Address } from "~/components/address";
import { useT, pageTitle } from "~/i18n";
import { codesPage } from "~/features/residency/page.server";

export const meta: MetaFunction = (args) => pageTitle(args, "title.codesPrint");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const compound = await requirePlace(viewer, params.id, "codes.manage", "compound");
  const page = await codesPage(compound);
  return { compound: page.compound.name, codes: page.codes };
}

/** A sheet of slips, one per dwelling, to cut and hand out; prints on A4 from the browser. */
export default function PrintCodes() {
  const t = useT();
  const { compound, codes } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="noprint">{t("codes.title", { compound })}</h1>
      <p className="noprint">
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("common.print")}
        </button>
      </p>
      <div className="slips">
        {codes.map((c) => (
          <section key={c.id} className="slip" aria-label={`${c.building} ${c.unit}-${c.room}`}>
            <h2>{t("codes.slipTitle", { compound })}</h2>
            <p>
              <Address building={c.building} unit={c.unit} room={c.room} />
            </p>
            <p className="code">{c.code}</p>
            <p className="muted">{t("codes.slipHowto")}</p>
          </section>
        ))}
      </div>
    </>
  );
}
