import PropertyBased
import Testing
@testable import WarrenRules

/// Loading a rules file does work in proportion to its size, whatever its shape: many rules, resources or
/// parameters, wide or deep patterns, long values, a problem in every rule. The loader counts its steps (YAML
/// nodes and keys visited, values evaluated, problems logged); tests assert on that count, never on time.
@Suite("Rules file work")
struct RulesFileWorkTests {
    enum Shape: CaseIterable, Sendable {
        case manyRules, widePattern, deepPattern, longValues, problemsInEveryRule, sharedAliases
        case manyResources, wideParameters, nestedFunctions, nameChain, missingParameters
    }

    /// A rules file of `shape` that grows with `size`.
    static func file(_ shape: Shape, size n: Int) -> String {
        switch shape {
        case .manyRules:
            var yaml = "buses: [" + (0..<n).map { "bus\($0)" }.joined(separator: ", ") + "]\nrules:\n"
            for i in 0..<n {
                yaml += """
                      - name: rule\(i)
                        bus: bus\(i)
                        eventPattern: {source: [shop], detail-type: [t\(i)], detail: {amount: [{numeric: [">", \(i)]}]}}
                        targets: [{id: t, retryPolicy: {maximumRetryAttempts: 3}}]

                    """
            }
            return yaml
        case .widePattern:
            let keys = (0..<n).map { "k\($0): [v\($0)]" }.joined(separator: ", ")
            return "rules:\n  - name: wide\n    eventPattern: {source: [a], detail: {\(keys)}}\n"
        case .deepPattern:
            let depth = min(n, 900)
            return "rules:\n  - name: deep\n    eventPattern: {source: [a], detail: "
                + String(repeating: "{a: ", count: depth) + "[x]" + String(repeating: "}", count: depth) + "}\n"
        case .longValues:
            let long = String(repeating: "x", count: 10 * n)
            return """
                rules:
                  - name: long
                    description: \(long)
                    eventPattern: '{"source": ["\(long)"]}'
                    targets: [{id: t, deadLetterQueue: \(long)}]

                """
        case .problemsInEveryRule:
            var yaml = "rules:\n"
            for i in 0..<n {
                yaml += "  - {name: 'bad name \(i)', bus: nowhere\(i), evenPattern: {}, eventPattern: {source: [{prefix: 5}]}}\n"
            }
            return yaml
        case .sharedAliases:
            var yaml = "rules:\n  - {name: r0, eventPattern: &p {source: [a, b]}, targets: &t [{id: t}]}\n"
            for i in 1..<max(2, min(n, 2_000)) { yaml += "  - {name: r\(i), eventPattern: *p, targets: *t}\n" }
            return yaml
        case .manyResources:
            var yaml = "Resources:\n"
            for i in 0..<16 { yaml += "  Bus\(i): {Type: AWS::Events::EventBus, Properties: {Name: bus\(i)}}\n" }
            for i in 0..<n {
                yaml += """
                      Queue\(i):
                        Type: AWS::SQS::Queue
                        Properties: {QueueName: !Sub "${AWS::StackName}-q\(i)"}
                      Rule\(i):
                        Type: AWS::Events::Rule
                        DependsOn: Queue\(i)
                        Properties:
                          EventBusName: !GetAtt Bus\(i % 16).Arn
                          EventPattern: {source: [!Ref AWS::AccountId], resources: [!GetAtt Queue\(i).Arn]}
                          Targets: [{Id: t, Arn: !GetAtt Queue\(i).Arn, DeadLetterConfig: {Arn: !GetAtt Queue\(i).Arn}}]

                    """
            }
            return yaml
        case .wideParameters:
            var yaml = "Parameters:\n"
            for i in 0..<n { yaml += "  P\(i): {Type: String, Default: v\(i)}\n" }
            let sub = (0..<n).map { "${P\($0)}" }.joined()
            let refs = (0..<n).map { "p\($0): [!Ref P\($0)]" }.joined(separator: ", ")
            yaml += """
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      Description: !Sub "\(sub)"
                      EventPattern: {source: [!Join [",", [\((0..<n).map { "!Ref P\($0)" }.joined(separator: ", "))]]], detail: {\(refs)}}

                """
            return yaml
        case .nestedFunctions:
            let depth = min(n, 300)
            let nested = String(repeating: "!Join ['', [", count: depth) + "x" + String(repeating: "]]", count: depth)
            return """
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {source: [\(nested)]}

                """
        case .nameChain:
            var yaml = "Resources:\n  Queue0: {Type: AWS::SQS::Queue, Properties: {QueueName: q}}\n"
            for i in 1..<max(2, n) {
                yaml += "  Queue\(i): {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub '${Queue\(i - 1).QueueName}x'}}\n"
            }
            // The last queue first: its name needs every name before it.
            for i in (1..<max(2, n)).reversed() {
                yaml += "  Rule\(i): {Type: AWS::Events::Rule, Properties: {EventPattern: {resources: [!GetAtt Queue\(i).Arn]}}}\n"
            }
            return yaml
        case .missingParameters:
            var yaml = "Parameters:\n"
            for i in 0..<n { yaml += "  P\(i): {Type: String}\n" }
            yaml += "Resources:\n"
            for i in 0..<n {
                yaml += "  Rule\(i): {Type: AWS::Events::Rule, Properties: {EventPattern: {source: [!Ref P\(i)]}}}\n"
            }
            return yaml
        }
    }

    /// The steps of loading `yaml`, whether it loads or not.
    static func work(_ yaml: String) -> Int {
        let work = LoadWork()
        _ = try? RulesFileLoader.parse(
            yaml: yaml, path: "rules.yaml", context: TemplateContext(), limits: .init(), work: work)
        return work.steps
    }

    @Test func workStaysWithinALinearBound() async {
        await propertyCheck(count: 60, input: Gen<Shape>.case, Gen.int(in: 1...1_500)) { shape, size in
            let yaml = Self.file(shape, size: size)
            let steps = Self.work(yaml)
            #expect(steps >= yaml.utf8.count, "every byte is scanned once for aliases")
            #expect(
                steps <= 3 * yaml.utf8.count + 100,
                "\(shape) of size \(size): \(steps) steps for \(yaml.utf8.count) bytes")
        }
    }

    /// Eight times the input costs about eight times the work, for every shape (a quadratic step would cost 64).
    @Test(arguments: Shape.allCases)
    func eightTimesTheInputIsAboutEightTimesTheWork(_ shape: Shape) {
        let small = Self.file(shape, size: 100)
        let large = Self.file(shape, size: 800)
        let smallRate = Double(Self.work(small)) / Double(small.utf8.count)
        let largeRate = Double(Self.work(large)) / Double(large.utf8.count)
        #expect(largeRate <= smallRate * 1.5, "\(shape): \(smallRate) steps a byte at 100, \(largeRate) at 800")
    }

    @Test func theShapesLoadOrFailAsTheyShould() throws {
        #expect(try loadRules(Self.file(.manyRules, size: 50)).rules.count == 50)
        #expect(try loadRules(Self.file(.sharedAliases, size: 50)).rules.count == 50)
        #expect(try loadRules(Self.file(.manyResources, size: 20)).rules.count == 20)
        #expect(try loadRules(Self.file(.wideParameters, size: 20)).rules.first?.description == (0..<20).map { "v\($0)" }.joined())
        #expect(try loadRules(Self.file(.nameChain, size: 20)).rules.count == 19)
        #expect(problems(Self.file(.problemsInEveryRule, size: 10)).count == 40)
        #expect(
            problems(Self.file(.nameChain, size: 150)).first?.message.hasSuffix(
                "functions and the names they refer to nest more than 100 deep") == true)
        #expect(problems(Self.file(.missingParameters, size: 30)).map(\.code) == [.missingParameter])
    }
}
