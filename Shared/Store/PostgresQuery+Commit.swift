extension PostgresQuery {
    /// Makes the transaction it runs in commit without waiting for its WAL
    /// to reach the disk (`synchronous_commit = off` for that transaction
    /// alone), which spares the commit a WAL flush: only for writes that
    /// a crash may lose because what they record is found again and redone
    /// idempotently (a record of work done whose owner repeats the work
    /// when the record is missing). First in a pipeline or transaction; a
    /// crash loses at most the last few hundred milliseconds of such commits.
    public static let commitWithoutWaitingForFlush: PostgresQuery = "SELECT set_config('synchronous_commit', 'off', true)"
}
