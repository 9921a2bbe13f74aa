-- Questionnaires as uploaded XLSForms: the file is the source of truth, compiled on first use.
create table instrument (
  id bigserial primary key,
  form_id text not null,
  version text not null,
  province_code text not null,
  year integer not null,
  title_zh text not null,
  title_en text not null,
  question_count integer not null,
  xlsform bytea not null,
  built_in boolean not null default false,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  unique (form_id, version)
);
create index instrument_province on instrument (province_code, year desc);
