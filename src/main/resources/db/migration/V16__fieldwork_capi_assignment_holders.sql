-- Issue 19: who held an assignment at which version. The sync accepts an interview done while the caller really held
-- the assignment (the version the device sent), even after the supervisor gave it to someone else or to another team
-- while the device was offline: kept and flagged capi_reassigned. One row per version that had a holder; the row of
-- the current version is open (held_until null). Written by the statements that change the holder or the version
-- (AssignmentRepository), never edited afterwards.
create table capi_assignment_holder (
  assignment_id bigint not null references capi_assignment (id),
  assignment_version integer not null,
  interviewer text not null,
  team_id bigint references capi_team (id),
  held_from timestamptz not null,
  held_until timestamptz,
  primary key (assignment_id, assignment_version)
);
create index capi_assignment_holder_interviewer on capi_assignment_holder (interviewer);

-- The current holders. Earlier holders are not known (the audit log has them in prose); their offline work is
-- refused as before this migration.
insert into capi_assignment_holder (assignment_id, assignment_version, interviewer, team_id, held_from)
select id, assignment_version, interviewer, team_id, updated_at from capi_assignment where interviewer is not null;
