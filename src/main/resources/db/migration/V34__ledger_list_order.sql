-- Issue 23: the ledger's lists are newest first, 50 a page, over a whole province for its admins; walking this index
-- stops after the first page instead of sorting every problem of the subtree.
create index ledger_problem_recorded on ledger_problem (recorded_at desc, id desc);
