-- Issue 22, seed 1 appendix 7 (平安宣传活动情况表): a unit's monthly activity report in a campaign, its history,
-- the campaign's due dates (default the 25th of October, November, December) and the reminders sent.

create table activity_report_due (
  campaign_id bigint not null references campaign (id),
  month date not null check (extract(day from month) = 1),   -- the first day of the reported month
  due_on date not null,
  primary key (campaign_id, month)
);

create table activity_report (
  id bigserial primary key,
  campaign_id bigint not null references campaign (id),
  unit_code text not null references org_node (code),        -- the responsible unit (town/street or department)
  month date not null check (extract(day from month) = 1),
  status text not null check (status in ('draft', 'submitted', 'returned', 'resubmitted', 'accepted')),
  -- appendix 7's grid, in its order
  households_visited integer not null default 0 check (households_visited >= 0),    -- 走访村(社)住户(户)
  materials_handed_out integer not null default 0 check (materials_handed_out >= 0), -- 倡议书、手册、小礼品(份)
  banners integer not null default 0 check (banners >= 0),                           -- 悬挂横幅(条)
  boards_and_screens integer not null default 0 check (boards_and_screens >= 0),     -- 宣传栏、LED显示屏(块)
  wechat_posts integer not null default 0 check (wechat_posts >= 0),                 -- 公众号(期)
  sms_sent integer not null default 0 check (sms_sent >= 0),                         -- 短信(条)
  mock_questionnaires integer not null default 0 check (mock_questionnaires >= 0),   -- 模拟问卷(份)
  volunteer_activities integer not null default 0 check (volunteer_activities >= 0), -- 志愿活动(次)
  other text not null default '' check (length(other) <= 2000),                      -- 其他
  description text not null default '' check (length(description) <= 20000),        -- 活动开展情况
  file_ids bigint[] not null default '{}',                                           -- photos and videos (stored_file)
  first_submitted_at timestamptz,                                                    -- late or not: the first time
  submitted_by text,
  return_comment text,
  reviewed_by text,
  reviewed_at timestamptz,
  created_by text not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  unique (campaign_id, unit_code, month)
);
-- the roll-up reads one month of a campaign
create index activity_report_month on activity_report (campaign_id, month);

-- Every change of a report once it was submitted (and the state changes): who, when, what.
create table activity_report_history (
  id bigserial primary key,
  report_id bigint not null references activity_report (id),
  at timestamptz not null,
  actor text not null,
  action text not null check (action in ('save', 'submit', 'return', 'resubmit', 'accept')),
  changes jsonb not null default '{}'::jsonb,   -- field → [before, after]
  comment text
);
create index activity_report_history_report on activity_report_history (report_id, id);

-- A reminder sent once per unit, month and reminder (days before the due date).
create table activity_report_reminder (
  campaign_id bigint not null references campaign (id),
  unit_code text not null references org_node (code),
  month date not null,
  days_before integer not null check (days_before >= 0),
  sent_at timestamptz not null,
  primary key (campaign_id, unit_code, month, days_before)
);
