-- WAL per insert into a 500k-row uuid primary key right after a checkpoint:
-- random (version 4) ids against ids that append at the index's right edge, as
-- time-ordered (version 7) offer ids do. psql -X -f Benchmarks/uuid_wal.sql URL
-- A logged table: temporary ones write no WAL.
DROP TABLE IF EXISTS uuid_wal_probe;
CREATE TABLE uuid_wal_probe (id uuid PRIMARY KEY);
INSERT INTO uuid_wal_probe SELECT gen_random_uuid() FROM generate_series(1, 500000);
CHECKPOINT;
SELECT pg_current_wal_insert_lsn() AS before \gset
INSERT INTO uuid_wal_probe SELECT gen_random_uuid() FROM generate_series(1, 5000);
SELECT 'random ids: WAL bytes per insert ' || round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'before') / 5000.0);
CHECKPOINT;
SELECT pg_current_wal_insert_lsn() AS before \gset
INSERT INTO uuid_wal_probe SELECT ('ffffffff-ffff-7fff-8fff-' || lpad(to_hex(g), 12, '0'))::uuid FROM generate_series(1, 5000) AS g;
SELECT 'appending ids: WAL bytes per insert ' || round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'before') / 5000.0);
DROP TABLE uuid_wal_probe;
