-- Issue 22, campaign tasks and the publicity checklist: a campaign's tasks (from its template or added later) and
-- their items, one per responsible unit and period (a weekly or monthly task has one item per week or month between
-- its dates). Overdue is not stored: an item not done whose due date has passed (by the application's clock).

create table campaign_task (
  id bigserial primary key,
  campaign_id bigint not null references campaign (id) on delete cascade,
  section text not null check (section in ('task', 'checklist')),  -- appendix 5 tasks, appendix 6 checklist
  seq integer not null check (seq > 0),
  place_zh text check (length(place_zh) <= 100),  -- checklist: the kind of place (文化礼堂…)
  place_en text check (length(place_en) <= 100),
  title_zh text not null check (length(title_zh) between 1 and 200),
  title_en text not null check (length(title_en) between 1 and 200),
  requirement_zh text not null check (length(requirement_zh) <= 4000),
  requirement_en text not null check (length(requirement_en) <= 4000),
  responsible text not null check (length(responsible) <= 500),  -- as the template or the manager wrote it
  recurrence text not null check (recurrence in ('once', 'weekly', 'monthly')),
  starts_on date not null,
  due_on date not null check (due_on >= starts_on),
  created_by text not null,
  created_at timestamptz not null default now()
);
create index campaign_task_campaign on campaign_task (campaign_id, section, seq);

create table campaign_item (
  id bigserial primary key,
  task_id bigint not null references campaign_task (id) on delete cascade,
  campaign_id bigint not null references campaign (id) on delete cascade,
  unit_code text not null references org_node (code),  -- the responsible unit (town, department, company, office)
  period_start date not null,
  due_on date not null check (due_on >= period_start),
  status text not null default 'open' check (status in ('open', 'in_progress', 'done')),
  updated_by text,
  updated_at timestamptz,
  unique (task_id, unit_code, period_start)
);
create index campaign_item_unit on campaign_item (campaign_id, unit_code, due_on);

-- Evidence of an item: a stored file (photo, video, document), a link or a note.
create table campaign_evidence (
  id bigserial primary key,
  item_id bigint not null references campaign_item (id) on delete cascade,
  file_id bigint references stored_file (id),
  url text check (length(url) <= 2000 and url ~ '^https?://'),
  note text check (length(note) between 1 and 2000),
  added_by text not null,
  added_at timestamptz not null default now(),
  check (num_nonnulls(file_id, url, note) >= 1)
);
create index campaign_evidence_item on campaign_evidence (item_id);

create table campaign_comment (
  id bigserial primary key,
  item_id bigint not null references campaign_item (id) on delete cascade,
  body text not null check (length(body) between 1 and 2000),
  author text not null,
  created_at timestamptz not null default now()
);
create index campaign_comment_item on campaign_comment (item_id);
