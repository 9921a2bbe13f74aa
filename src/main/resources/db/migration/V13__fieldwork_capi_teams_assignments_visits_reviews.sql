-- Issue 19: household and intercept fieldwork (CAPI). Teams of interviewers under a supervisor, assignments made
-- from a draw, visits (the non-interview outcomes included), and the supervisor's review of each interview. The
-- interview itself is a row of the shared response store.

-- A team works one survey inside its area (the supervisor's node or below).
create table capi_team (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  area_code text not null references org_node (code),
  name text not null check (length(name) between 1 and 100),
  supervisor text not null,                    -- username of the team's supervisor (or the county admin)
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (survey_id, name)
);

create table capi_team_member (
  team_id bigint not null references capi_team (id),
  interviewer text not null,                   -- username of an interviewer account
  added_at timestamptz not null default now(),
  primary key (team_id, interviewer)
);
create index capi_team_member_interviewer on capi_team_member (interviewer);

-- The blocks frame may give a block's name and location (optional columns name, lat, lon): the interviewer's list
-- shows the name, and the falsification rules compare an interview's GPS with the location.
alter table sample_household add column block_name text;
alter table sample_household add column latitude double precision;
alter table sample_household add column longitude double precision;

-- One unit of work. A household assignment is one drawn household (its inclusion probability and base weight are
-- copied from the draw); an intercept assignment is `target` interviews in one quota cell at one site.
create table capi_assignment (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  draw_id bigint not null references sample_draw (id),
  kind text not null check (kind in ('household', 'intercept')),
  stratum text not null,                       -- the draw's stratum code (county, or town in a mock survey)
  county text not null,
  town text,
  -- household
  block_id text,
  block_name text,
  household_no integer,
  pi double precision,                         -- the household's inclusion probability in the draw
  base_weight double precision,                -- 1 / pi
  address text,                                -- written by the interviewer at the first visit
  -- intercept
  location_type text,
  day_type text,
  time_of_day text,
  site_id text,
  site_name text,
  target integer not null default 1 check (target > 0),
  latitude double precision,                   -- the block's or the site's, when the frame gives it
  longitude double precision,
  team_id bigint references capi_team (id),
  interviewer text,                            -- null while unassigned
  status text not null default 'open'
    check (status in ('open', 'assigned', 'visited', 'completed', 'non_response', 'closed')),
  final_outcome text,                          -- the last non-interview outcome once visits are used up
  visits integer not null default 0,
  max_visits integer not null default 3 check (max_visits > 0),
  next_visit_at timestamptz,
  -- raised on every assignment and reassignment: work synced with an older value was done before a reassignment
  assignment_version integer not null default 0,
  updated_at timestamptz not null default now(),
  check (kind <> 'household' or (block_id is not null and household_no is not null and pi > 0)),
  check (kind <> 'intercept' or (location_type is not null and day_type is not null and time_of_day is not null))
);
create unique index capi_assignment_household on capi_assignment (draw_id, block_id, household_no)
  where kind = 'household';
create unique index capi_assignment_intercept on capi_assignment
  (draw_id, county, location_type, day_type, time_of_day, coalesce(site_id, ''))
  where kind = 'intercept';
create index capi_assignment_interviewer on capi_assignment (interviewer, status);
create index capi_assignment_survey on capi_assignment (survey_id, county, town);
create index capi_assignment_team on capi_assignment (team_id);

-- Every visit or attempt, as the device recorded it: an interview ('interview', whose answers are a response), or a
-- non-interview outcome with the next visit planned. The device's key makes a repeated sync store it once.
create table capi_visit (
  id bigserial primary key,
  idempotency_key uuid not null,
  assignment_id bigint not null references capi_assignment (id),
  interviewer text not null,
  assignment_version integer not null,         -- the assignment's version the device held
  visited_at timestamptz not null,             -- device time
  received_at timestamptz not null default now(),
  outcome text not null
    check (outcome in ('interview', 'nobody_home', 'refused', 'ineligible', 'vacant', 'language', 'appointment')),
  note text,
  next_visit_at timestamptz,
  latitude double precision,
  longitude double precision,
  device_hash text,
  unique (assignment_id, idempotency_key)
);
create index capi_visit_interviewer on capi_visit (interviewer, visited_at);

-- A field interview's link to its assignment, the selection of the respondent inside the household (the adult
-- with the next birthday or a Kish grid; the number of adults enters the weight), and where its review stands.
alter table response add column assignment_id bigint references capi_assignment (id);
alter table response add column interviewer_team bigint references capi_team (id);
alter table response add column adults integer check (adults is null or adults > 0);
alter table response add column selection text check (selection in ('next_birthday', 'kish', 'only_adult'));
alter table response add column review_status text
  check (review_status in ('pending', 'approved', 'rejected', 'escalated'));
create index response_assignment on response (assignment_id) where assignment_id is not null;
create index response_review on response (survey_id, review_status) where review_status is not null;
create index response_interviewer on response (survey_id, interviewer) where interviewer is not null;

-- The supervisor's decisions, kept in order: a rejected interview goes back to the interviewer with the comment,
-- and a later decision is a new row, never an edit.
create table capi_review (
  id bigserial primary key,
  response_id bigint not null references response (id),
  reviewer text not null,
  decision text not null check (decision in ('approved', 'rejected', 'escalated')),
  comment text check (comment is null or length(comment) <= 2000),
  decided_at timestamptz not null default now()
);
create index capi_review_response on capi_review (response_id, decided_at);
