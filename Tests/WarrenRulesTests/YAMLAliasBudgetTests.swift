import Testing
@testable import WarrenRules

/// YAML aliases may add at most `YAMLAliasBudget.maximumAddedNodes` nodes to a file, checked before Yams builds
/// the tree: a few hundred bytes of nested aliases must not take gigabytes. Work is counted, never timed.
@Suite("YAML alias budget")
struct YAMLAliasBudgetTests {
    /// Nine levels of nine aliases each: 9^9 (387 million) leaves in about 600 bytes.
    static let billionLaughs = """
        a: &a [x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
        rules:
          - name: laughs
            eventPattern: {source: *i}
        """

    static func load(_ yaml: String) -> (problems: [RulesFileProblem], work: Int) {
        let work = LoadWork()
        do {
            _ = try RulesFileLoader.parse(
                yaml: yaml, path: "rules.yaml", context: TemplateContext(), limits: .init(), work: work)
            return ([], work.steps)
        } catch {
            return (error.problems, work.steps)
        }
    }

    @Test func aBillionLaughsIsRefusedAfterReadingItOnce() {
        #expect(Self.billionLaughs.utf8.count < 700)
        let (problems, work) = Self.load(Self.billionLaughs)
        #expect(
            problems.map(\.description) == [
                "rules.yaml:5:8: YAML aliases expand to more than 10000 nodes (at '*d'); write the values out instead "
                    + "of nesting aliases"
            ])
        #expect(problems.first?.code == .invalidYAML)
        // The bytes scanned once and the written nodes walked once; nothing expanded.
        #expect(work < 2 * Self.billionLaughs.utf8.count)
    }

    @Test func aliasesUsedAsKeysAreRefusedBeforeYamsHashesThem() {
        // Yams compares mapping keys for duplicates by hashing them in full: alias keys must never reach it.
        var yaml = "a0: &a0 [x, x, x, x]\n"
        for level in 1...30 {
            yaml += "a\(level): &a\(level) {? *a\(level - 1) : 1, ? [*a\(level - 1)] : 2}\n"
        }
        yaml += "rules: []\n"
        let (problems, work) = Self.load(yaml)
        #expect(problems.map(\.code) == [.invalidYAML])
        #expect(problems.first?.message.hasPrefix("YAML aliases expand to more than 10000 nodes") == true)
        #expect(work < 2 * yaml.utf8.count)
    }

    @Test func aliasesNestedDeeperThanYAMLAllowsAreRefused() {
        // Each is 600 levels deep as written, well within libyaml's 1,000; `*a` inside `b` would make 1,100.
        let a = String(repeating: "[", count: 600) + "x" + String(repeating: "]", count: 600)
        let b = String(repeating: "[", count: 500) + "*a" + String(repeating: "]", count: 500)
        let (problems, _) = Self.load("a: &a \(a)\nb: \(b)\nrules: []\n")
        #expect(
            problems.map(\.message) == [
                "YAML aliases nest more than 1000 levels deep (at '*a'); write the values out instead of nesting aliases"
            ])
    }

    @Test func ordinaryAliasesStillWork() throws {
        let file = try loadRules(
            """
            # *comment: a star in a comment, a quoted value or a block is text, not an alias
            rules:
              - name: first
                description: |
                  matches *all* shop events
                eventPattern: &pattern {source: [shop], detail: {note: ["*not-an-alias", '*quoted']}}
                targets: [{id: t, retryPolicy: &retry {maximumRetryAttempts: 3}}]
              - name: second
                eventPattern: *pattern
                targets: [{id: t, retryPolicy: *retry}]
            """)
        #expect(file.rules.map(\.name) == ["first", "second"])
        #expect(file.rules[0].description == "matches *all* shop events\n")
        #expect(file.rules[0].eventPattern == file.rules[1].eventPattern)
        #expect(
            file.rules[1].eventPattern.serialized()
                == #"{"source":["shop"],"detail":{"note":["*not-an-alias","*quoted"]}}"#)
        #expect(file.rules[1].targets[0].retryPolicy.maximumRetryAttempts == 3)
    }

    @Test func aliasesWithinTheBudgetExpand() throws {
        // 100 rules sharing one pattern and one target list through aliases: well within the budget.
        var yaml = "rules:\n"
        yaml += "  - {name: r0, eventPattern: &p {source: [a, b, c]}, targets: &t [{id: t, queueType: classic}]}\n"
        for index in 1..<100 { yaml += "  - {name: r\(index), eventPattern: *p, targets: *t}\n" }
        let file = try loadRules(yaml)
        #expect(file.rules.count == 100)
        #expect(file.rules.allSatisfy { $0.targets.first?.queueType == .classic })
    }

    @Test func theBudgetCountsWhatEachAliasStandsFor() throws {
        let work = LoadWork()
        // `*a` stands for 4 nodes (the list and its 3 items); used 3 times, then `*b` (1 + 3 * 4 = 13) twice.
        try YAMLAliasBudget.check("a: &a [1, 2, 3]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n", maximumAddedNodes: 38, work: work)
        #expect(throws: YAMLAliasBudget.Refusal.self) {
            try YAMLAliasBudget.check(
                "a: &a [1, 2, 3]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n", maximumAddedNodes: 37, work: LoadWork())
        }
    }

    @Test func aliasPositionsAreCountedAsLibyamlCountsThem() {
        let (offsets, positions) = YAMLAliasBudget.aliasCandidates(
            in: "\u{FEFF}é: [*a]\r\nb: \"x *b-1\"\u{2028}*c_2: 1", work: LoadWork())
        #expect(offsets.count == 3)
        #expect(
            positions == [
                SourcePosition(line: 1, column: 5): "a", SourcePosition(line: 2, column: 7): "b-1",
                SourcePosition(line: 3, column: 1): "c_2",
            ])
    }
}
