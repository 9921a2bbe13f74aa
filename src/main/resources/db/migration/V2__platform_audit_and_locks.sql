-- Who did what, when: imports, account changes and (later) draws and publications.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  target text,
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_at on audit_log (at desc);

-- ShedLock: a scheduled job runs on one node at a time.
create table shedlock (
  name varchar(64) primary key,
  lock_until timestamptz not null,
  locked_at timestamptz not null,
  locked_by varchar(255) not null
);
