// The banner on every page while a helper acts for a resident (代办): whom for, the minutes left, and the way out.
// A plain form: ending works without JavaScript.
import { useT } from "~/i18n";

export function BehalfBanner({ behalf }: { behalf: { name: string; minutes: number } | null }) {
  const t = useT();
  if (!behalf) return null;
  return (
    <div className="behalf-banner" role="status">
      <span>{t("behalf.banner", { name: behalf.name, minutes: behalf.minutes })}</span>
      {" · "}
      <form method="post" action="/behalf/end">
        <button type="submit">{t("behalf.end")}</button>
      </form>
    </div>
  );
}
