-- Issue 18: the results' grouped counts kept as responses are written, so that the first look at a survey's
-- results reads a few thousand cells instead of every response.
--
-- A spec is what the results of a survey group on (the design keys and the questions of each indicator set); the
-- results module makes one the first time it looks at a survey with those indicators and area figures, builds its
-- cells from the responses, and from then on every insert, update or delete of the survey's responses adds its rows
-- (+1) or removes them (−1) as deltas. A fold moves the deltas into the cells. Cells = the grouping of the counted
-- complete responses, always: the statement trigger runs in the writer's transaction, so a delta commits with the
-- rows it describes.
create table result_cell_spec (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  fingerprint text not null,
  -- the INSERT … SELECT that adds a transition table's rows as deltas ('__rows__' is replaced by the transition
  -- table's name; $1 = this spec's id, $2 = +1 or −1), made by the results module
  delta_sql text not null,
  -- the lateral VALUES list that projects a delta's answers onto each indicator set: (set_no, the set's answers)
  sets_sql text not null,
  built_at timestamptz not null default now(),
  used_at timestamptz not null default now(),
  unique (survey_id, fingerprint)
);

-- One group of one indicator set: its design key, the set's answers (text; a select_multiple as its JSON) and the
-- number of counted complete responses in it. Written only by the build and the fold (one at a time per spec).
-- (No foreign keys to the spec here: a writer's delta must never fail because a spec was just forgotten; the
-- results module deletes a spec's cells and deltas with it, and the next fold the orphans of such a race.)
create table result_cell (
  spec_id bigint not null,
  set_no integer not null,
  d text not null,
  vals text[] not null,
  n bigint not null,
  primary key (spec_id, set_no, d, vals)
);

-- Rows added (+n) or removed (−n) since the last fold: the design key and every answer the spec reads.
create table result_cell_delta (
  spec_id bigint not null,
  d text not null,
  vals text[] not null,
  n bigint not null
);
create index result_cell_delta_spec on result_cell_delta (spec_id);

-- Adds a statement's rows to the deltas of every spec of their surveys. The shared lock per survey pairs with the
-- build's exclusive one: a build waits for the writers that have seen no spec yet to commit (their rows are then
-- in the build's snapshot), and a writer that comes after the build's lock waits for it and sees its spec.
create function result_cell_track() returns trigger language plpgsql as $$
declare
  s record;
begin
  if tg_op in ('INSERT', 'UPDATE') then
    perform pg_advisory_xact_lock_shared(7218, survey_id::int) from (select distinct survey_id from new_rows
      order by survey_id) t;
    for s in select id, delta_sql from result_cell_spec where survey_id in (select survey_id from new_rows) loop
      execute replace(s.delta_sql, '__rows__', 'new_rows') using s.id, 1;
    end loop;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    perform pg_advisory_xact_lock_shared(7218, survey_id::int) from (select distinct survey_id from old_rows
      order by survey_id) t;
    for s in select id, delta_sql from result_cell_spec where survey_id in (select survey_id from old_rows) loop
      execute replace(s.delta_sql, '__rows__', 'old_rows') using s.id, -1;
    end loop;
  end if;
  return null;
end $$;

create trigger result_cell_insert after insert on response
  referencing new table as new_rows for each statement execute function result_cell_track();
create trigger result_cell_update after update on response
  referencing old table as old_rows new table as new_rows for each statement execute function result_cell_track();
create trigger result_cell_delete after delete on response
  referencing old table as old_rows for each statement execute function result_cell_track();
