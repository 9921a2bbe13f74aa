-- Issue 21: a counter that every committed change of what the results read besides the responses raises: the
-- area figures and margins, a survey's indicator definitions, the survey, the questionnaires. With the responses'
-- counter (V12) it keys what a node keeps of a survey's results, so that a look at unchanged results costs two
-- counters read (the scores, computed on the results after each rule change, rely on this) and a change anywhere
-- is never missed. One row: these tables change seldom, in statements of their own.
create table results_input_version (
  id integer primary key check (id = 1),
  version bigint not null
);
insert into results_input_version (id, version) values (1, 0);

create function results_input_bump() returns trigger language plpgsql as $$
begin
  update results_input_version set version = version + 1 where id = 1;
  return null;
end $$;

create trigger results_input_org_node after insert or update or delete or truncate on org_node
  for each statement execute function results_input_bump();
create trigger results_input_margin after insert or update or delete or truncate on org_area_margin
  for each statement execute function results_input_bump();
create trigger results_input_indicators after insert or update or delete or truncate on survey_indicators
  for each statement execute function results_input_bump();
create trigger results_input_survey after insert or update or delete or truncate on survey
  for each statement execute function results_input_bump();
create trigger results_input_instrument after insert or update or delete or truncate on instrument
  for each statement execute function results_input_bump();
