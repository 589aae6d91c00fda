/// Turns a regular expression tree into Pike VM instructions.
struct CELRegexCompiler {
    var program: [CELRegex.Instruction] = []

    mutating func append(_ instruction: CELRegex.Instruction) throws(CELEvalError) {
        guard program.count < CELRegex.maxInstructions else {
            throw CELEvalError(code: .invalidArgument, message: "invalid regular expression: pattern too large")
        }
        program.append(instruction)
    }

    mutating func emit(_ node: CELRegexNode) throws(CELEvalError) {
        switch node {
        case .empty:
            break
        case .scalar(let v, let fold):
            try append(.scalar(v, fold: fold))
        case .any(let newline):
            try append(.any(matchesNewline: newline))
        case .set(let set):
            try append(.set(set))
        case .assert(let assertion):
            try append(.assert(assertion))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternate(let branches):
            var jumpsToEnd: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    try append(.split(split + 1, -1))
                    try emit(branch)
                    jumpsToEnd.append(program.count)
                    try append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumpsToEnd { program[j] = .jump(program.count) }
        case .repetition(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // (x(x(x)?)?)?: each optional copy may skip to the end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    try append(.split(program.count + 1, -1))
                    try emit(inner)
                }
                for s in splits { program[s] = .split(s + 1, program.count) }
            } else {
                let loop = program.count
                try append(.split(loop + 1, -1))
                try emit(inner)
                try append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }
}
