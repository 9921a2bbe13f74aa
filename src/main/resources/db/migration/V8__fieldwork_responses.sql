-- The response store every mode shares: one row per interview or online submission. Typed columns for what is
-- filtered and grouped on; the answers (validated by the instrument engine) and paradata as JSONB.
create table response (
  id bigserial primary key,
  -- client-generated; a retried submit with the same key returns the first result and never stores twice
  idempotency_key uuid not null unique,
  survey_id bigint not null references survey (id),
  instrument_id bigint not null references instrument (id),
  county_code text not null,
  stratum_code text not null,
  mode text not null check (mode in ('household', 'phone', 'intercept', 'online')),
  status text not null check (status in ('in_progress', 'complete', 'ineligible', 'rejected')),
  started_at timestamptz,
  submitted_at timestamptz,
  received_at timestamptz not null default now(),
  interviewer text,                          -- null for online responses
  device_hash text,                          -- HMAC of the browser's device token
  network_hash text,                         -- HMAC of the client's network (IPv4 /24, IPv6 /48)
  phone_hash text,                           -- HMAC of a verified phone number; the number itself is not kept
  flags text[] not null default '{}',        -- integrity flags (module integrity); flags never delete data
  late boolean not null default false,       -- opened inside the window, submitted after it closed
  answers jsonb not null,
  paradata jsonb not null default '{}'::jsonb
);

create index response_survey_county on response (survey_id, county_code, submitted_at);
create index response_survey_device on response (survey_id, device_hash) where device_hash is not null;
create index response_survey_phone on response (survey_id, phone_hash) where phone_hash is not null;
create index response_survey_network on response (survey_id, network_hash, submitted_at);

-- Server secrets shared by every node (the page-token signing key, the salt of the hashes), made on first use.
create table fieldwork_secret (
  name text primary key,
  value bytea not null,
  created_at timestamptz not null default now()
);

-- SMS codes sent for phone verification: only hashes are kept.
create table sms_challenge (
  id uuid primary key,
  survey_id bigint not null references survey (id),
  phone_hash text not null,
  code_hash text not null,
  expires_at timestamptz not null,
  attempts int not null default 0,
  verified boolean not null default false
);

-- Visits to the public page per survey and hour, summed by each node every few seconds.
create table online_visit (
  survey_id bigint not null references survey (id),
  hour timestamptz not null,
  visits bigint not null,
  primary key (survey_id, hour)
);
