-- The organisation tree: root → province → city → county → town/street → village/community,
-- with units (departments, enterprises, cooperatives) hanging under any node.
create table org_node (
  id bigserial primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9-]{1,40}$'),
  name text not null check (length(name) between 1 and 200),
  level text not null check (level in ('root', 'province', 'city', 'county', 'town', 'village', 'unit')),
  unit_type text check (unit_type in ('department', 'enterprise', 'cooperative', 'other')),
  parent_id bigint references org_node (id),
  -- Codes from the root, '/CN/33/3306/330604/': a subtree is everything whose path starts with a node's path.
  path text not null unique,
  population bigint check (population >= 0),
  households bigint check (households >= 0),
  villages integer check (villages >= 0),
  -- true when the figures were filled by the demo loader rather than imported from real statistics
  figures_demo boolean not null default false,
  updated_at timestamptz not null default now(),
  check ((level = 'unit') = (unit_type is not null)),
  check ((level = 'root') = (parent_id is null))
);
create index org_node_parent on org_node (parent_id);
create index org_node_path on org_node (path text_pattern_ops);

-- Phone number blocks (号段) known for an area: 7-digit mobile prefixes or landline exchange prefixes.
create table org_phone_block (
  node_id bigint not null references org_node (id),
  prefix text not null check (prefix ~ '^[0-9]{3,8}$'),
  carrier text,
  primary key (node_id, prefix)
);

create table app_user (
  id bigserial primary key,
  username text not null unique check (username ~ '^[A-Za-z0-9._-]{2,40}$'),
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('province_admin', 'province_analyst', 'supervisor', 'interviewer',
                                     'county_admin', 'town_officer', 'unit_reporter')),
  org_node_id bigint not null references org_node (id),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz
);
create index app_user_node on app_user (org_node_id);
