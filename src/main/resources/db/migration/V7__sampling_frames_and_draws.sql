-- Frames as imported (validated UTF-8 CSV; re-read for each draw, identified by their fingerprint) and draws:
-- a draw records its seed, frame and design, so the same seed and frame give the same sample bit for bit.
create table sampling_frame (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  kind text not null check (kind in ('blocks', 'prefixes', 'dnc', 'sites')),
  fingerprint text not null,
  row_count integer not null,
  content bytea not null,
  imported_by text not null,
  imported_at timestamptz not null default now()
);
create index sampling_frame_survey on sampling_frame (survey_id, kind, id desc);

create table sample_draw (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  mode text not null check (mode in ('household', 'phone', 'intercept', 'online')),
  seed bigint not null,
  frame_id bigint references sampling_frame (id),
  frame_fingerprint text,
  design jsonb not null,
  unit_count integer not null,
  -- a redraw keeps the earlier draw and points it at its replacement; nothing is deleted
  superseded_by bigint references sample_draw (id),
  drawn_by text not null,
  drawn_at timestamptz not null default now()
);
create index sample_draw_survey on sample_draw (survey_id, mode, id desc);

-- Sample units carry their draw's id without a foreign key: they are written with COPY in the draw's own
-- transaction, and a per-row foreign-key check would cost more than the COPY itself (hundreds of thousands of rows).
create table sample_household (
  draw_id bigint not null,
  stratum text not null,
  county text not null,
  town text,
  block_id text not null,
  block_households integer not null,
  certainty boolean not null,
  household_no integer not null,
  pi_block double precision not null,
  pi_household double precision not null,
  pi double precision not null,
  weight double precision not null
);
-- No unique key: the sampler never repeats a household (tested), and a text key index doubled the cost of COPY.
create index sample_household_draw on sample_household (draw_id, stratum);

create table sample_number (
  draw_id bigint not null,
  release_order integer not null,
  replicate integer not null,
  number text not null,
  prefix text not null,
  kind text not null,
  carrier text,
  area text not null,
  released boolean not null default false,
  primary key (draw_id, number)
);

create table sample_quota (
  draw_id bigint not null,
  county text not null,
  location_type text not null,
  day_type text not null,
  time_of_day text not null,
  target integer not null,
  primary key (draw_id, county, location_type, day_type, time_of_day)
);
