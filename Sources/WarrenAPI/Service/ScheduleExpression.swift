/// PutRule's `ScheduleExpression`: `rate(<n> <unit>)` or `cron(<6 fields>)`. Checked for form only; Warren stores
/// schedules but does not run them.
enum ScheduleExpression {
    static func isValid(_ expression: String) -> Bool {
        if let body = inner(expression, "rate") {
            let parts = body.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let value = Int(parts[0]), value > 0 else { return false }
            let units = value == 1 ? ["minute", "hour", "day"] : ["minutes", "hours", "days"]
            return units.contains(String(parts[1]))
        }
        if let body = inner(expression, "cron") {
            return body.split(separator: " ", omittingEmptySubsequences: true).count == 6
        }
        return false
    }

    private static func inner(_ expression: String, _ function: String) -> Substring? {
        guard expression.hasPrefix("\(function)("), expression.hasSuffix(")") else { return nil }
        return expression.dropFirst(function.count + 1).dropLast()
    }
}
