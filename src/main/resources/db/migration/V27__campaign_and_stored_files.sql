-- Issue 22: campaign work. A campaign per year and area (a county's, or the province's) made from a template;
-- its tasks, publicity checklist, quotas and monthly activity reports (tables of their own, V28–V30) hang off it.
-- Files (photos, videos, documents) are stored once here and referenced as evidence by tasks and reports.

create table campaign (
  id bigserial primary key,
  area_code text not null references org_node (code),   -- the area whose office runs it (county or province)
  year integer not null check (year between 2000 and 2100),
  name text not null check (length(name) between 1 and 200),
  template text,                                       -- the template it was made from (e.g. 'shangyu-2022')
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  created_by text not null,
  created_at timestamptz not null default now(),
  unique (area_code, year, name)
);
create index campaign_area on campaign (area_code, year);

-- An uploaded file: its type is what its bytes are (sniffed, never the client's word), its bytes in the database
-- (or, with sanlv.campaign.files-dir set, in that directory shared by all nodes: then `path` and no bytes).
create table stored_file (
  id bigserial primary key,
  sha256 text not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'video/mp4',
    'application/pdf')),
  size_bytes bigint not null check (size_bytes > 0),
  original_name text not null check (length(original_name) between 1 and 255),
  bytes bytea,
  path text,
  thumbnail bytea,                                     -- a small JPEG for photos
  area_code text not null references org_node (code),  -- whose file: scope of who may see it
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  check ((bytes is null) <> (path is null))
);
create index stored_file_area on stored_file (area_code, uploaded_at);
