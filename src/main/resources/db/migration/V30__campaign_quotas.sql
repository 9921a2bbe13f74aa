-- Issue 22, quotas: what a town must reach, computed from the org data (villages, population, households), and what
-- towns report against it. The seed's numbers are the defaults (seed 1, app. 5 items 1, 2 and 4); a campaign's
-- managers may change ratios and dates. A quota of cadence 'week' or 'month' has one period per ISO week (the week
-- counts when its Thursday falls between starts_on and ends_on) or calendar month (its 1st in the window); 'once'
-- has one period due on ends_on.
create table campaign_quota (
  campaign_id bigint not null references campaign (id),
  quota text not null check (quota in ('team', 'sms-week', 'sms-month', 'households')),
  cadence text not null check (cadence in ('once', 'week', 'month')),
  ratio numeric(8, 4) not null check (ratio > 0 and ratio <= 1000),  -- × villages, × population, × households
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (campaign_id, quota)
);

-- A town's reported figure for one period of a quota. Rows are only added: the latest per (town, quota, period)
-- counts, the older ones are the history of corrections.
create table campaign_quota_report (
  id bigserial primary key,
  campaign_id bigint not null,
  quota text not null,
  town_code text not null references org_node (code),
  period_start date not null,
  value bigint not null check (value >= 0),
  reported_by text not null,
  reported_at timestamptz not null,
  foreign key (campaign_id, quota) references campaign_quota (campaign_id, quota)
);
create index campaign_quota_report_latest on campaign_quota_report (campaign_id, town_code, quota, period_start, id desc);
