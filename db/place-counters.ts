// The counters kept on places (dwellings, verified residents) counted afresh: by the migration that added
// them, and by the data generator, which loads rows with the counting triggers off.
export const RECOUNT_PLACES = [
  "update places set dwelling_count = (select count(*) from dwellings d where d.building_id = places.id) where kind = 'building'",
  "update places set dwelling_count = (select count(*) from dwellings d where d.compound_id = places.id) where kind = 'compound'",
  "update places set resident_count = (select count(distinct r.user_id) from residencies r where r.compound_id = places.id and r.status = 'verified') where kind = 'compound'",
];
