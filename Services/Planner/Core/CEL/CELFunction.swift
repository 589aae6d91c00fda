/// The operators and functions of the subset, resolved from their names at
/// parse time so that evaluation switches on an enum instead of a string.
public enum CELFunction: String, Sendable, Hashable, CaseIterable {
    /// `a && b`
    case and = "_&&_"
    /// `a || b`
    case or = "_||_"
    /// `!a`
    case not = "!_"
    /// `c ? a : b`
    case conditional = "_?_:_"
    /// `-a`
    case negate = "-_"
    /// `a == b`
    case equals = "_==_"
    /// `a != b`
    case notEquals = "_!=_"
    /// `a < b`
    case less = "_<_"
    /// `a <= b`
    case lessOrEqual = "_<=_"
    /// `a > b`
    case greater = "_>_"
    /// `a >= b`
    case greaterOrEqual = "_>=_"
    /// `a + b`
    case add = "_+_"
    /// `a - b`
    case subtract = "_-_"
    /// `a * b`
    case multiply = "_*_"
    /// `a / b`
    case divide = "_/_"
    /// `a % b`
    case modulo = "_%_"
    /// `a in b`
    case `in` = "@in"
    /// `a[b]`
    case index = "_[_]"
    /// `size(x)`, `x.size()`
    case size
    /// `s.contains(t)`
    case contains
    /// `s.startsWith(t)`
    case startsWith
    /// `s.endsWith(t)`
    case endsWith
    /// `s.matches(re)`, `matches(s, re)`
    case matches
    /// `int(x)`
    case int
    /// `uint(x)`
    case uint
    /// `double(x)`
    case double
    /// `string(x)`
    case string
    /// `bytes(x)`
    case bytes
    /// `bool(x)`
    case bool
    /// `dyn(x)`
    case dyn
    /// `type(x)`
    case type
    /// `timestamp(x)`
    case timestamp
    /// `duration(x)`
    case duration
    /// `t.getFullYear([tz])`
    case getFullYear
    /// `t.getMonth([tz])`, 0-11
    case getMonth
    /// `t.getDate([tz])`, 1-31
    case getDate
    /// `t.getDayOfMonth([tz])`, 0-30
    case getDayOfMonth
    /// `t.getDayOfYear([tz])`, 0-365
    case getDayOfYear
    /// `t.getDayOfWeek([tz])`, 0 = Sunday
    case getDayOfWeek
    /// `t.getHours([tz])`, `d.getHours()`
    case getHours
    /// `t.getMinutes([tz])`, `d.getMinutes()`
    case getMinutes
    /// `t.getSeconds([tz])`, `d.getSeconds()`
    case getSeconds
    /// `t.getMilliseconds([tz])`, `d.getMilliseconds()`
    case getMilliseconds

    /// Functions that may be called as `name(args)`; the others only as
    /// methods (`target.name(args)`) or operators.
    var isGlobal: Bool {
        switch self {
        case .size, .matches, .int, .uint, .double, .string, .bytes, .bool, .dyn, .type, .timestamp, .duration: true
        default: false
        }
    }

    /// Functions that may be called as methods.
    var isMember: Bool {
        switch self {
        case .size, .contains, .startsWith, .endsWith, .matches, .getFullYear, .getMonth, .getDate, .getDayOfMonth,
             .getDayOfYear, .getDayOfWeek, .getHours, .getMinutes, .getSeconds, .getMilliseconds: true
        default: false
        }
    }
}
