-- A report counts towards hiding published content only once per reporter:
-- who reported is kept as two keyed hashes, of the signed visitor cookie and
-- of the client address, never the address itself. Reports made before this
-- migration have neither and count as distinct.

alter table content_flag add column visitor_hash text;
alter table content_flag add column address_hash text;
