extension PostgresQuery {
    /// Makes the transaction it runs in commit without waiting for its WAL
    /// to reach the disk (`synchronous_commit = off` for that transaction
    /// alone), which spares the commit a WAL flush. Only for writes that a
    /// crash may lose: because what they record is found again and redone
    /// idempotently (a record of work done whose owner repeats the work
    /// when the record is missing), or because whatever acts on them
    /// commits durably afterwards on the same Postgres, which flushes them
    /// too (WAL is flushed in order). First in a pipeline or transaction; a
    /// crash loses at most the last `wal_writer_delay` (× 3) of such commits.
    public static let commitWithoutWaitingForFlush: PostgresQuery = "SELECT set_config('synchronous_commit', 'off', true)"
}
