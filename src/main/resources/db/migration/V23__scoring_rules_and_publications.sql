-- Issue 21: the province's scoring rules as data (versioned per survey year: a rule change needs no code and old
-- years keep their rules) and publications (晾晒) frozen as dated snapshots that never change afterwards.

create table scoring_rules (
  id bigserial primary key,
  area_code text not null references org_node (code),   -- the province (or area) whose assessment uses them
  year integer not null check (year between 2000 and 2100),
  version integer not null check (version > 0),
  rules jsonb not null,                                  -- the parsed rules (module scoring)
  source_text text not null,                             -- the YAML as the province wrote it
  note text check (note is null or length(note) <= 2000),
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (area_code, year, version)
);

-- A publication: everything its pages, print view, PDF and Excel show (results with CIs, scores, ranks, names,
-- rules), as one JSON document, with its digest. Rows are never updated or deleted (the trigger refuses it).
create table publication (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  area_code text not null references org_node (code),   -- whose results: the survey's area or a part of it
  level text not null check (level in ('county', 'town')),
  title text not null check (length(title) between 1 and 200),
  rules_id bigint references scoring_rules (id),
  snapshot jsonb not null,
  snapshot_sha256 text not null,
  published_by text not null,
  published_at timestamptz not null
);
create index publication_survey on publication (survey_id, published_at desc);
create index publication_area on publication (area_code, published_at desc);

create function publication_frozen() returns trigger language plpgsql as $$
begin
  raise exception 'a publication is frozen: it is never changed or deleted' using errcode = 'P0001';
end $$;
create trigger publication_frozen before update or delete on publication
  for each row execute function publication_frozen();
