-- An intercept quota cell belongs to a stratum: a county in an official survey, a town in a county's mock survey.
-- V13 keyed intercept assignments by county, so the towns of one mock survey collided; key them by stratum.
drop index capi_assignment_intercept;
create unique index capi_assignment_intercept on capi_assignment
  (draw_id, stratum, location_type, day_type, time_of_day, coalesce(site_id, ''))
  where kind = 'intercept';
