-- A survey: one instrument version fielded over a target area, stratified by counties (official assessment)
-- or towns (a county's mock survey, 模拟测评), in one or more modes each with its fieldwork window.
create table survey (
  id bigserial primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{2,59}$'),
  name text not null check (length(name) between 1 and 200),
  instrument_id bigint not null references instrument (id),
  target_code text not null references org_node (code),
  stratum_level text not null check (stratum_level in ('county', 'town')),
  kind text not null check (kind in ('official', 'mock')),
  status text not null default 'draft' check (status in ('draft', 'fielding', 'closed')),
  created_by text not null,
  created_at timestamptz not null default now()
);

create table survey_mode (
  survey_id bigint not null references survey (id),
  mode text not null check (mode in ('household', 'phone', 'intercept', 'online')),
  opens_at timestamptz not null,
  closes_at timestamptz not null check (closes_at > opens_at),
  -- the mode's sample design: size rule, households per block, replicate size, per-county targets…
  design jsonb not null default '{}'::jsonb,
  primary key (survey_id, mode)
);
