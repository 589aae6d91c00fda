extension String {
    /// Without full stops at the end.
    var trimmingFinalStop: String {
        var text = self
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
