-- Issue 23: the public anti-fraud knowledge quiz. Its content is data (zh + en): the shipped default until the
-- province saves an edition here; the newest edition is the live one, older ones stay for the record.
create table quiz_edition (
  id bigserial primary key,
  content text not null check (length(content) <= 1000000),   -- the YAML document, as validated on save
  note text check (length(note) <= 500),
  created_by text not null,
  created_at timestamptz not null
);

-- A completed quiz, counted once per device and year (China time), towards the area of the link or QR code it was
-- opened from (?area=, a county or town; null when opened without one). Hashes are HMACs, as for the online survey.
create table quiz_completion (
  id bigserial primary key,
  idempotency_key uuid not null unique,
  year integer not null check (year between 2000 and 2100),
  device_hash text not null,
  network_hash text,
  area_code text references org_node (code),
  edition_id bigint references quiz_edition (id),             -- null: the shipped default content
  questions integer not null check (questions > 0),
  correct integer not null check (correct between 0 and questions),
  completed_at timestamptz not null,
  unique (year, device_hash)
);
create index quiz_completion_area on quiz_completion (area_code, completed_at);
