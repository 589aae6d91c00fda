/// The comprehension macros of the subset.
public enum CELMacro: String, Sendable, Hashable, CaseIterable {
    /// `r.all(x, p)`: p holds for every element (errors absorbed by a false).
    case all
    /// `r.exists(x, p)`: p holds for some element (errors absorbed by a true).
    case exists
    /// `r.exists_one(x, p)`: p holds for exactly one element.
    case existsOne = "exists_one"
    /// `r.map(x, t)` or `r.map(x, p, t)`: the transformed (filtered) elements.
    case map
    /// `r.filter(x, p)`: the elements for which p holds.
    case filter
}
