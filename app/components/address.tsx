import { formatArea } from "~/domain/places";
import { useT } from "~/i18n";

export function Address({ building, unit, room }: { building: string; unit: string; room: string }) {
  const t = useT();
  return <>{t("common.address", { building, unit, room })}</>;
}

export function Area({ centi }: { centi: number }) {
  const t = useT();
  return <>{t("common.areaM2", { area: formatArea(centi) })}</>;
}
