public import ArgumentParser
import AMQPClient
import EventPatterns
import Foundation
import Logging
import Synchronization
import WarrenBus

/// `warren dlq list | show | redrive`: the dead-letter queues of rule targets.
public struct DeadLetterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List, show and redrive the dead-letter queues of rule targets.",
        subcommands: [List.self, Show.self, Redrive.self])

    public init() {}

    /// `warren dlq list`: every target's dead-letter queue with its message count.
    public struct List: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the dead-letter queues of the rule targets of a bus, with their message counts.",
            discussion: "The rules come from the rule registry on the broker. \(WarrenLogging.help)")
        @OptionGroup public var broker: BrokerOptions
        @Option(name: .customLong("bus"), help: "The bus (default: every bus).") public var busName: String?
        @Option(help: "Only this queue, by name.") public var queue: String?
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.dlq")
            let text = try await broker.withBrokerConnection(name: "warren dlq list", logger: logger) { broker in
                let queues = DeadLetterQueues(connection: try await broker.connection(), logger: logger)
                var text = "BUS\tRULE\tTARGET\tDEAD-LETTER QUEUE\tMESSAGES\n"
                if let queue {
                    return text + "-\t-\t-\t\(queue)\t\(Self.count(try await queues.status(of: queue)))\n"
                }
                for bus in try await DeadLetterQueueOptions.buses(busName, connection: queues.connection) {
                    for target in try await queues.targets(ofBus: bus) {
                        let status = try await queues.status(of: target.deadLetterQueue)
                        text += "\(bus)\t\(target.ruleName)\t\(target.target.id)\t\(target.deadLetterQueue)\t"
                        text += "\(Self.count(status))\n"
                    }
                }
                return text
            }
            StandardOutput.write(text)
        }

        /// The ready messages, or `-` for a queue that does not exist (yet).
        static func count(_ status: AMQPQueueDeclareResult?) -> String {
            status.map { "\($0.messageCount)" } ?? "-"
        }
    }

    /// `warren dlq show`: the messages of a dead-letter queue, left in place.
    public struct Show: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print the messages of a target's dead-letter queue with their headers, leaving them there.",
            discussion: """
                Each message with EventBridge's six headers (ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, \
                RETRY_ATTEMPTS, RULE_ARN, TARGET_ARN), the event id and the event. The messages are read and put \
                back at the head of the queue: none is removed. \(WarrenLogging.help)
                """)
        @OptionGroup public var broker: BrokerOptions
        @OptionGroup public var queueOptions: DeadLetterQueueOptions
        @Option(help: "Show at most this many messages.") public var limit = 100
        @Flag(help: "One JSON object per message instead of text.") public var json = false
        public init() {}

        public func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.dlq")
            let browse = try await broker.withBrokerConnection(name: "warren dlq show", logger: logger) { broker in
                let queues = DeadLetterQueues(connection: try await broker.connection(), logger: logger)
                let source = try await queueOptions.resolve(queues, needsTargetQueue: false)
                return try await queues.browse(source.deadLetterQueue, selection: source.selection, limit: limit)
            }
            var text = ""
            for letter in browse.letters { text += json ? Self.jsonLine(letter) : Self.describe(letter) }
            if !json {
                text += "\(browse.letters.count) shown of "
                text += browse.reachedEnd ? "\(browse.scanned)" : "the first \(browse.scanned) (more there)"
                text += " in \(browse.queue)\n"
            }
            StandardOutput.write(text)
        }

        static func describe(_ letter: DeadLetter) -> String {
            var text = "event \(letter.eventID ?? "-")\n"
            let headers: [(String, String?)] = [
                (RetryHeaders.errorCode, letter.errorCode), (RetryHeaders.errorMessage, letter.errorMessage),
                (RetryHeaders.exhaustedRetryCondition, letter.exhaustedRetryCondition),
                (RetryHeaders.retryAttemptsAttribute, letter.retryAttempts.map(String.init)),
                (RetryHeaders.ruleARN, letter.ruleARN), (RetryHeaders.targetARN, letter.targetARN),
            ]
            for (name, value) in headers { text += "  \(name): \(value ?? "-")\n" }
            if let reason = letter.brokerReason { text += "  dead-lettered by the broker: \(reason)\n" }
            if letter.redriveCount > 0 { text += "  redriven before: \(letter.redriveCount)\n" }
            return text + "  \(eventText(letter))\n"
        }

        static func jsonLine(_ letter: DeadLetter) -> String {
            func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
            let event = (try? JSONValue(parsing: letter.body)) ?? .string(String(decoding: letter.body, as: UTF8.self))
            let pairs: [(String, JSONValue)] = [
                ("EventId", text(letter.eventID)), ("ErrorCode", text(letter.errorCode)),
                ("ErrorMessage", text(letter.errorMessage)),
                ("ExhaustedRetryCondition", text(letter.exhaustedRetryCondition)),
                ("RetryAttempts", letter.retryAttempts.map { .number(JSONNumber($0)) } ?? .null),
                ("RuleArn", text(letter.ruleARN)), ("TargetArn", text(letter.targetARN)),
                ("BrokerReason", text(letter.brokerReason)), ("RedriveCount", .number(JSONNumber(letter.redriveCount))),
                ("Event", event),
            ]
            return JSONValue.object(JSONObject(pairs)).serialized() + "\n"
        }

        /// The event on one line; a body that is not JSON, as text.
        static func eventText(_ letter: DeadLetter) -> String {
            if let json = try? JSONValue(parsing: letter.body) { return json.serialized() }
            return String(decoding: letter.body, as: UTF8.self)
        }
    }

    /// `warren dlq redrive`: the messages back to the target's queue.
    public struct Redrive: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Send the messages of a target's dead-letter queue back to the target's queue.",
            discussion: """
                All messages, or those with the given event ids and error codes. Each copy is published with \
                publisher confirms and the message is removed from the dead-letter queue only once the broker has \
                the copy, so nothing is lost. The copy gets the target's whole retry policy again. An event that \
                fails again while the redrive runs waits for the next one. SIGTERM or SIGINT stops it after the \
                copies in flight are settled; a process killed outright may have sent up to --in-flight events that \
                are still in the dead-letter queue, which the next redrive sends again. \(WarrenLogging.help)
                """)
        @OptionGroup public var broker: BrokerOptions
        @OptionGroup public var queueOptions: DeadLetterQueueOptions
        @Option(help: "With --queue: the queue to send the messages to (default: the target's whose dead-letter queue it is).")
        public var to: String?
        @Option(help: "Copies awaiting the broker's confirm at once.") public var inFlight = 100
        public init() {}

        public func validate() throws {
            if inFlight < 1 { throw ValidationError("--in-flight must be at least 1") }
            if to != nil && queueOptions.queue == nil { throw ValidationError("--to goes with --queue") }
        }

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.dlq")
            let stop = Atomic<Bool>(false)
            let inFlight = self.inFlight
            let report = try await broker.withBrokerConnection(name: "warren dlq redrive", logger: logger) { broker in
                let queues = DeadLetterQueues(connection: try await broker.connection(), logger: logger)
                var source = try await queueOptions.resolve(queues, needsTargetQueue: to == nil)
                if let to { source.targetQueue = to }
                guard let targetQueue = source.targetQueue else { throw ValidationError("no target queue") }
                let signals = await ShutdownSignals(logger: logger) {
                    stop.store(true, ordering: .relaxed)
                    return "the copies in flight (at most \(inFlight))"
                }
                defer { signals.cancel() }
                return try await queues.redrive(
                    from: source.deadLetterQueue, to: targetQueue, selection: source.selection, inFlight: inFlight,
                    isStopRequested: { stop.load(ordering: .relaxed) },
                    progress: { report in
                        if report.scanned % 1000 == 0 {
                            logger.info(
                                "redriving", metadata: ["scanned": "\(report.scanned)", "redriven": "\(report.redriven)"])
                        }
                    })
            }
            var text = "redriven \(report.redriven) of \(report.scanned) from \(report.deadLetterQueue) "
            text += "to \(report.targetQueue); \(report.notSelected) not selected"
            if report.cameBack > 0 { text += "; \(report.cameBack) failed again and wait for the next redrive" }
            if !report.reachedEnd && report.failure == nil { text += "; stopped before the end of the queue" }
            StandardOutput.write(text + "\n")
            if let failure = report.failure {
                FileHandle.standardError.write(Data("redrive stopped: \(failure)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}

/// Which dead-letter queue, and which of its messages: a rule's target, or a queue by name; event ids and error
/// codes.
public struct DeadLetterQueueOptions: ParsableArguments {
    @Option(name: .customLong("bus"), help: "The rule's bus (default: 'default'; with --queue, every bus).")
    public var busName: String?
    @Option(help: "The rule whose target's dead-letter queue to use.") public var rule: String?
    @Option(help: "The target's id (default: the rule's only target).") public var target: String?
    @Option(help: "A dead-letter queue by name, instead of --rule.") public var queue: String?
    @Option(name: .customLong("event-id"), help: "Only this event (repeat for several).")
    public var eventIDs: [String] = []
    @Option(name: .customLong("error-code"), help: "Only messages with this ERROR_CODE (repeat for several).")
    public var errorCodes: [String] = []

    public init() {}

    public func validate() throws {
        if (rule == nil) == (queue == nil) { throw ValidationError("give --rule (and --target) or --queue") }
        if target != nil && rule == nil { throw ValidationError("--target goes with --rule") }
    }

    /// `[bus]`, or every bus Warren created.
    static func buses(_ bus: String?, connection: AMQPConnection) async throws -> [String] {
        if let bus { return [bus] }
        return try await BusRegistry(connection: connection).busNames()
    }

    /// The dead-letter queue, the queue its messages go back to, and the selection.
    struct Source {
        var deadLetterQueue: String
        var targetQueue: String?
        var selection: DeadLetterSelection
    }

    /// Finds the queues in the rule registry. A target's messages are those dead-lettered from its queue (or of
    /// unknown origin), so a dead-letter queue several targets share gives each its own.
    func resolve(_ queues: DeadLetterQueues, needsTargetQueue: Bool) async throws -> Source {
        var selection = DeadLetterSelection(eventIDs: Set(eventIDs), errorCodes: Set(errorCodes))
        if let rule {
            let bus = busName ?? EventBusName.default
            let targets = try await queues.targets(ofBus: bus).filter { $0.ruleName == rule }
            guard !targets.isEmpty else {
                throw ValidationError("Rule \(rule) does not exist on EventBus \(bus).")
            }
            guard let found = targets.first(where: { $0.target.id == target ?? targets[0].target.id }),
                target != nil || targets.count == 1
            else {
                let ids = targets.map(\.target.id).joined(separator: ", ")
                throw ValidationError(
                    target.map { "rule '\(rule)' has no target '\($0)'; its targets: \(ids)" }
                        ?? "rule '\(rule)' has \(targets.count) targets (\(ids)): name one with --target")
            }
            selection.originQueue = found.queue
            return Source(deadLetterQueue: found.deadLetterQueue, targetQueue: found.queue, selection: selection)
        }
        let queue = queue ?? ""
        guard needsTargetQueue else { return Source(deadLetterQueue: queue, targetQueue: nil, selection: selection) }
        var users: [TargetTopology] = []
        for bus in try await Self.buses(busName, connection: queues.connection) { users += try await queues.targets(ofBus: bus).filter { $0.deadLetterQueue == queue } }
        guard users.count == 1 else {
            let names = users.map { "\($0.ruleName)/\($0.target.id)" }.joined(separator: ", ")
            throw ValidationError(
                users.isEmpty
                    ? "no rule target uses '\(queue)' as its dead-letter queue; give the queue to send to with --to"
                    : "'\(queue)' is the dead-letter queue of several targets (\(names)); redrive each with --rule and "
                        + "--target")
        }
        selection.originQueue = users[0].queue
        return Source(deadLetterQueue: queue, targetQueue: users[0].queue, selection: selection)
    }
}
