/// The label sets the intent model can classify into.
public enum IntentHead: String, Sendable, CaseIterable {
    /// Baton's taxonomy: `billing`, `refund`, `cancellation`, `delivery`,
    /// `warranty`, `technical`, `account_access`, `password`, `complaint`,
    /// `human_request`, `legal` and `other` (out of scope).
    case baton
    /// CLINC150's 150 intents plus `oos`, for benchmarking against published figures.
    case clinc150
    /// Banking77's 77 intents, for benchmarking against published figures.
    case banking77
    /// Escalation cues of one customer message: `none`, `person`,
    /// `capability` or `complaint` (`Resources/escalation-model.bin`, made by
    /// `Tools/intent/train_escalation.py`).
    case escalation
}
