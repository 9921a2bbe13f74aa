-- Issue 20: phone fieldwork (CATI). A released replicate of an RDD draw becomes cases (one per number), worked
-- through a queue; every dialling is an attempt with its AAPOR disposition code; a complete interview is a row of
-- the shared response store (mode 'phone'). The calling rules (hours, excluded days, gap, attempt cap, hold time)
-- are fields of the survey's phone mode design.

create table cati_case (
  id bigserial primary key,
  survey_id bigint not null references survey (id),
  draw_id bigint not null references sample_draw (id),
  number text not null,                        -- dialled by the interviewer; shown only while the case is held
  area text not null,                          -- the prefix's area in the draw (a county, or a city for mobiles)
  replicate integer not null,
  release_order integer not null,
  -- the stratum the screening question assigned (county, or town in a mock survey); null until screened in
  stratum text,
  county text,
  -- queue: 'fresh' never called; 'callback' to be called again from next_call_at; 'appointment' an appointment at
  -- next_call_at (served first); 'final' done (final_code set)
  state text not null default 'fresh' check (state in ('fresh', 'callback', 'appointment', 'final')),
  -- 0 appointment, 1 callback, 2 fresh: the queue's order before next_call_at and release_order
  priority smallint not null default 2 check (priority between 0 and 2),
  next_call_at timestamptz,                    -- not before this instant (null: any time inside calling hours)
  attempts integer not null default 0,
  last_attempt_at timestamptz,
  last_code text,                              -- AAPOR code of the last attempt
  -- the AAPOR code the written rules derive from the attempts so far ('3.11' not yet attempted): what the case
  -- counts as in the response rates while it is open
  disposition text not null default '3.11',
  final_code text,                             -- AAPOR code once final, derived from the attempts (README rules)
  -- the hold: one interviewer at a time; an abandoned hold expires at held_until
  held_by text,
  held_until timestamptz,
  hold_token uuid,
  held_since timestamptz,
  appointment_by text,                         -- interviewer who made the appointment (served to them first if free)
  response_id bigint references response (id),
  updated_at timestamptz not null default now(),
  unique (survey_id, number),
  check (state <> 'final' or final_code is not null)
);
-- the queue's scan: open cases of a survey in serving order
create index cati_case_queue on cati_case (survey_id, priority, next_call_at, release_order) where state <> 'final';
create index cati_case_held on cati_case (held_by) where held_by is not null;
create index cati_case_stratum on cati_case (survey_id, stratum);

-- Every dialling, as the interviewer recorded it. The key makes a retried save store it once.
create table cati_attempt (
  id bigserial primary key,
  idempotency_key uuid not null unique,
  case_id bigint not null references cati_case (id),
  survey_id bigint not null references survey (id),
  interviewer text not null,
  attempt_no integer not null,                 -- 1-based, per case
  started_at timestamptz not null,             -- when the number was handed out (server clock)
  ended_at timestamptz not null,               -- when the outcome was recorded (server clock)
  code text not null,                          -- AAPOR disposition code, e.g. '1.1', '2.111', '4.32'
  note text check (note is null or length(note) <= 2000),
  callback_at timestamptz,                     -- the callback or appointment this attempt set
  appointment boolean not null default false,  -- callback_at is an appointment agreed with the respondent
  stratum text,                                -- the stratum the screening assigned, when it did
  response_id bigint references response (id),
  unique (case_id, attempt_no)
);
create index cati_attempt_survey_time on cati_attempt (survey_id, ended_at);
create index cati_attempt_interviewer on cati_attempt (survey_id, interviewer, ended_at);

-- The survey's do-not-call list: hard refusals (added by the attempt) and numbers added by a supervisor. The queue
-- never hands out a number on it.
create table cati_dnc (
  survey_id bigint not null references survey (id),
  number text not null,
  reason text not null check (reason in ('hard_refusal', 'supervisor')),
  added_by text not null,
  added_at timestamptz not null default now(),
  primary key (survey_id, number)
);

-- Each interviewer's live state in a CATI session, for the supervisor's view: written on every queue action.
create table cati_session (
  survey_id bigint not null references survey (id),
  interviewer text not null,
  state text not null check (state in ('idle', 'dialling', 'interview', 'wrap_up', 'away')),
  case_id bigint references cati_case (id),
  since timestamptz not null,
  last_seen timestamptz not null,
  primary key (survey_id, interviewer)
);

-- A phone interview's link to its case.
alter table response add column cati_case_id bigint references cati_case (id);
create index response_cati_case on response (cati_case_id) where cati_case_id is not null;
