extension Redactor {
    /// Runs split where two numbers were written back to back with only a
    /// space between ("Mon fixe : 01.23.45.67.89 4111 1111 1111 1111",
    /// "Steuer-ID 65929970489 4111 1111 1111 1111"): a run that is nothing
    /// whole is split at the first space where both sides are something
    /// (phone, card, national id, security code). Both sides must be, so
    /// that a long reference ("612 345 678 901") is not cut into a phone.
    /// Runs of more than 12 groups are left whole: no two numbers detected
    /// here have more together.
    func splittingBackToBack(_ runs: [NumberRun], in text: ScanText) -> [NumberRun] {
        var result: [NumberRun] = []
        result.reserveCapacity(runs.count)
        for run in runs {
            guard (2...12).contains(run.groups.count), !isDetected(run, in: text) else {
                result.append(run)
                continue
            }
            var split: [NumberRun]?
            for gap in run.gaps.indices where run.gaps[gap] == [0x20] {
                let left = run.slice(0...gap, in: text)
                let right = run.slice((gap + 1)...(run.groups.count - 1), in: text)
                if isDetected(left, in: text), isDetected(right, in: text) {
                    split = [left, right]
                    break
                }
            }
            result += split ?? [run]
        }
        return result
    }

    /// True when any number detector takes `run` whole.
    func isDetected(_ run: NumberRun, in text: ScanText) -> Bool {
        isWholeCard(run) || isSecurityCode(run) || isSSN(run, context: run.context) || isSteuerID(run)
            || isPhoneRun(run, in: text)
    }
}
