import type { FieldErrors } from "~/web/forms";
import { useT } from "~/i18n";
import { FieldError } from "./form";

import { RELATIONS } from "~/domain/words";

export { RELATIONS };

export function RelationChoice({ errors, value }: { errors?: FieldErrors; value?: string }) {
  const t = useT();
  return (
    <fieldset>
      <legend>{t("field.relation")}</legend>
      {RELATIONS.map((r, i) => (
        <label key={r}>
          <input type="radio" name="relation" value={r} defaultChecked={value ? value === r : i === 0} /> {t(`relation.${r}`)}
        </label>
      ))}
      <FieldError name="relation" errors={errors} />
    </fieldset>
  );
}
