-- Issue 23: a town could script quiz completions with fresh device tokens from one network (up to the per-minute
-- limit). Such completions are still stored and counted, never hidden, but marked: more than sanlv.quiz.burst-threshold
-- from one network within sanlv.quiz.burst-window, so the campaign panel shows how many of an area's count are suspect.
alter table quiz_completion add column burst boolean not null default false;
