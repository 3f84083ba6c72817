// What the roles page shows: the roles in force, and the place and department pickers of its grant form.
import { getDb } from "~/db.server";
import { allDepartments, listActiveGrants, placesForGrant } from "~/features/roles/queries.server";

/** `text`: the place picker's search (places whose name holds it), or null for the levels above compounds. */
export async function rolesPage(text: string | null) {
  const db = getDb();
  const [grants, places, departments] = await Promise.all([listActiveGrants(db), placesForGrant(db, text), allDepartments(db)]);
  // Administrators see whole phone numbers.
  return { grants, places, departments, text: text ?? "" };
}
