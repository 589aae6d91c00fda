import ServiceKit

// baton-signals: scores every customer message for escalation.
await ServiceMain.run(name: "baton-signals", schema: "signals", migrations: SignalsMigrations.all) { context in
    [try SignalsService(pool: context.pool!, logger: context.logger)]
}
