-- A survey's own indicator definitions (YAML), replacing its questionnaire's defaults; absent = the defaults.
create table survey_indicators (
  survey_id bigint primary key references survey (id),
  definitions text not null,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
