extension PatternObject {
    /// The object as compact JSON: fields in order, then one `$or` key per group (a key may therefore repeat,
    /// which EventBridge reads as two groups).
    func serialized() -> String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        output += "{"
        var first = true
        func separator() {
            if !first { output += "," }
            first = false
        }
        for field in fields {
            separator()
            JSONValue.writeQuoted(field.key, to: &output)
            output += ":"
            switch field.value {
            case .object(let object):
                object.write(to: &output)
            case .matchers(let matchers):
                output += JSONValue.array(matchers.map(\.jsonValue)).serialized()
            }
        }
        for group in alternatives {
            separator()
            output += "\"$or\":["
            for (index, branch) in group.enumerated() {
                if index > 0 { output += "," }
                branch.write(to: &output)
            }
            output += "]"
        }
        output += "}"
    }
}
