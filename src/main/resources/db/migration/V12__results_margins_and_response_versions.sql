-- Population of an area by sex and age band (from the area figures import): the post-stratification margins the
-- results weight online, phone and intercept responses to. Bands do not overlap; age_to is inclusive, null = and over.
create table org_area_margin (
  node_id bigint not null references org_node (id),
  sex text not null check (sex in ('m', 'f')),
  age_from integer not null check (age_from >= 0),
  age_to integer check (age_to is null or age_to >= age_from),
  population bigint not null check (population >= 0),
  primary key (node_id, sex, age_from)
);

-- A counter per survey that every committed insert, update or delete of its responses raises (by the rows it
-- touched): the key of the results cache. Database state, so every node sees the same key; a sum of committed
-- increments, so it is right whatever order concurrent transactions commit in. Shards by backend so that
-- concurrent submissions rarely wait on one row; a statement's rows take their shard rows in survey order,
-- and a backend keeps its shard, so two statements never lock in opposite orders.
create table response_version (
  survey_id bigint not null,
  shard integer not null,
  version bigint not null,
  primary key (survey_id, shard)
);

create function response_version_bump() returns trigger language plpgsql as $$
begin
  insert into response_version (survey_id, shard, version)
  select survey_id, pg_backend_pid() % 8, count(*) from changed group by survey_id order by survey_id
  on conflict (survey_id, shard) do update set version = response_version.version + excluded.version;
  return null;
end $$;

create trigger response_version_insert after insert on response
  referencing new table as changed for each statement execute function response_version_bump();
create trigger response_version_update after update on response
  referencing new table as changed for each statement execute function response_version_bump();
create trigger response_version_delete after delete on response
  referencing old table as changed for each statement execute function response_version_bump();
