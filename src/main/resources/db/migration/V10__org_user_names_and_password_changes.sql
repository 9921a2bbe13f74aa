-- User names are case-insensitive: 'Zhang.Wei' and 'zhang.wei' are one account. Lookups compare lower(username).
-- (If two existing names differ only in case, this index cannot be built: rename one of them, then start again.)
create unique index app_user_username_lower on app_user (lower(username));

-- An account whose password someone else has seen (created or reset by an administrator, or the first
-- administrator's password printed to the log) must change it before doing anything else.
alter table app_user add column must_change_password boolean not null default false;

-- Accounts that never changed the password they were given are still on a password someone else has seen.
update app_user set must_change_password = true where password_changed_at is null;
