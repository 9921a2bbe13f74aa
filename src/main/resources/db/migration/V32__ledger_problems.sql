-- Issue 23, seed 2 ("建立台账，包案到人"): the problem ledger. What visits, the hotline, case follow-ups and survey
-- comments turn up is recorded as a problem, assigned to one person with a deadline and followed until it is solved
-- and the resident has been asked whether they are satisfied.

-- Categories are data: the province may add some; a category in use is retired (active = false), never deleted.
create table ledger_category (
  code text primary key check (code ~ '^[a-z0-9-]{1,40}$'),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text not null check (length(name_en) between 1 and 100),
  sort integer not null default 100,
  active boolean not null default true
);
insert into ledger_category (code, name_zh, name_en, sort) values
  ('public-order', '社会治安', 'Public order', 10),
  ('fraud', '电信网络诈骗', 'Fraud', 20),
  ('fire', '消防安全', 'Fire safety', 30),
  ('traffic', '交通安全', 'Traffic safety', 40),
  ('food-drugs', '食品药品安全', 'Food and drugs', 50),
  ('environment', '生态环境', 'Environment', 60),
  ('disputes', '矛盾纠纷', 'Disputes', 70),
  ('other', '其他', 'Other', 900);

create table ledger_problem (
  id bigserial primary key,
  -- where it is: the area (county, town or village) whose subtree sees it
  area_code text not null references org_node (code),
  address text check (length(address) <= 500),
  -- how it came in
  source text not null check (source in ('visit', 'hotline', 'case-follow-up', 'survey-comment', 'other')),
  category text not null references ledger_category (code),
  description text not null check (length(description) between 1 and 20000),
  -- the resident who raised it: personal data, shown only to the roles that handle problems (masked elsewhere)
  resident_name text check (length(resident_name) <= 100),
  resident_phone text check (length(resident_phone) <= 40),
  recorded_by text not null,                 -- the account that recorded it
  recorded_at timestamptz not null,
  status text not null check (status in ('new', 'assigned', 'in-progress', 'resolved', 'closed', 'reopened')),
  -- 包案到人: the person responsible (an account) and their node when assigned; the owner's subtree sees it too
  assignee text,
  owner_code text references org_node (code),
  deadline date,                              -- China date; overdue when passed and not resolved
  assigned_at timestamptz,
  resolution text check (length(resolution) <= 20000),
  resolved_by text,
  resolved_at timestamptz,
  -- asked at closing, never assumed: how the resident answered (or that they could not be asked)
  satisfaction text check (satisfaction in ('satisfied', 'basically-satisfied', 'dissatisfied', 'unreachable',
                                             'declined')),
  closed_by text,
  closed_at timestamptz,
  updated_at timestamptz not null,
  version integer not null default 1,
  check ((assignee is null) = (owner_code is null)),
  check (status = 'new' or assignee is not null),
  check (status not in ('resolved', 'closed') or resolution is not null),
  check (status <> 'closed' or satisfaction is not null)
);
create index ledger_problem_area on ledger_problem (area_code, recorded_at);
create index ledger_problem_owner on ledger_problem (owner_code, status);
create index ledger_problem_assignee on ledger_problem (assignee, status);
-- the overdue list: open problems by deadline
create index ledger_problem_open_deadline on ledger_problem (deadline)
  where status in ('assigned', 'in-progress', 'reopened');

-- The status trail: every change with who, when, and what was said.
create table ledger_event (
  id bigserial primary key,
  problem_id bigint not null references ledger_problem (id),
  at timestamptz not null,
  actor text not null,
  from_status text,
  to_status text not null,
  assignee text,
  deadline date,
  note text check (length(note) <= 20000)
);
create index ledger_event_problem on ledger_event (problem_id, at);

-- Photos (stored_file, issue 22): taken when it was recorded or as proof of the resolution.
create table ledger_photo (
  problem_id bigint not null references ledger_problem (id),
  file_id bigint not null references stored_file (id),
  stage text not null check (stage in ('recorded', 'resolved')),
  added_by text not null,
  added_at timestamptz not null,
  primary key (problem_id, file_id)
);
