/// The signals trigger names policies may reference, for `policy validate`.
enum PlannerTriggerNames {
    static let known: Set<String> = []
}
