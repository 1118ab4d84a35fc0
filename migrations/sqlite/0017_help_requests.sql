-- Requests for help (Housing-Social Act § 6). `submission.requests_help`
-- has been in the schema since 0001; now the forms ask the question and
-- staff can mark an item so. The insight pages count them for a period:
-- a partial index holds only these items, a small share of all.
create index submission_help_requests on submission (created_at) where requests_help;
