import CRabbitMQ

/// A channel of an `AMQPConnection`: declarations, publishing, consuming.
///
/// All methods may be called from any task; they run on the connection's thread in the order they were called.
/// A broker error that closes the channel (404 NOT_FOUND, 406 PRECONDITION_FAILED, 403 ACCESS_REFUSED, ...)
/// closes only this channel: later calls throw that error, and the connection stays usable for new channels.
///
/// A channel keeps its connection open; its deliveries, consumers and pending confirmations keep it open in turn.
/// A channel nobody references any more is closed (its unsettled deliveries return to their queues).
///
/// Cancelling a task that waits in a method ends the wait at once with `CancellationError`. Work the connection's
/// thread has not started is then not sent, except `close()` and consumer cancels, which always run; work already
/// sent completes and its result is dropped.
public final class AMQPChannel: Sendable {
    /// The channel number on its connection.
    public let number: UInt16
    /// Kept open while this channel is referenced.
    let connection: AMQPConnection
    let status: ChannelStatus

    init(number: UInt16, connection: AMQPConnection, status: ChannelStatus) {
        self.number = number
        self.connection = connection
        self.status = status
    }

    deinit {
        // Nothing can use this channel any more: close it on its connection's thread, unless it is closed.
        guard status.isOpen else { return }
        let status = self.status
        let number = self.number
        mailbox.post { core in
            guard let channel = try? core.channel(number, status: status, operation: "channel.close") else { return }
            try? core.closeChannel(channel)
        }
    }

    var mailbox: ConnectionMailbox { connection.mailbox }

    /// Whether the channel is open (it may still fail at the next operation).
    public var isOpen: Bool { status.isOpen }

    // MARK: Exchanges

    /// Declares an exchange, or checks that an existing one has the same type and options.
    public func declareExchange(
        _ name: String,
        type: AMQPExchangeType,
        options: AMQPExchangeOptions = [.durable],
        arguments: AMQPTable = [:]
    ) async throws {
        try Self.validate(shortString: name, "exchange name", operation: "exchange.declare")
        try Self.validate(shortString: type.name, "exchange type", operation: "exchange.declare")
        try Self.validate(tableKeys: arguments, "argument name", operation: "exchange.declare")
        try await perform("exchange.declare") { core, state, number throws(AMQPError) in
            withCArena { arena in
                _ = amqp_exchange_declare(
                    state, number, arena.bytes(name), arena.bytes(type.name), 0, options.contains(.durable) ? 1 : 0,
                    options.contains(.autoDelete) ? 1 : 0, options.contains(.internal) ? 1 : 0, arena.table(arguments))
            }
            try core.check(operation: "exchange.declare", channel: number)
        }
    }

    /// Checks that an exchange exists (passive declare).
    /// - Throws: `AMQPError` with reply code 404 when it does not; that closes this channel.
    public func declareExchangePassive(_ name: String) async throws {
        try Self.validate(shortString: name, "exchange name", operation: "exchange.declare")
        try await perform("exchange.declare") { core, state, number throws(AMQPError) in
            withCArena { arena in
                _ = amqp_exchange_declare(
                    state, number, arena.bytes(name), amqp_empty_bytes, 1, 0, 0, 0, amqp_empty_table)
            }
            try core.check(operation: "exchange.declare", channel: number)
        }
    }

    /// Deletes an exchange. Deleting one that does not exist succeeds.
    public func deleteExchange(_ name: String, ifUnused: Bool = false) async throws {
        try Self.validate(shortString: name, "exchange name", operation: "exchange.delete")
        try await perform("exchange.delete") { core, state, number throws(AMQPError) in
            withCArena { arena in _ = amqp_exchange_delete(state, number, arena.bytes(name), ifUnused ? 1 : 0) }
            try core.check(operation: "exchange.delete", channel: number)
        }
    }

    /// Binds exchange `destination` to `source`: messages routed by `source` with a matching key go on to it.
    public func bindExchange(
        _ destination: String, to source: String, routingKey: String, arguments: AMQPTable = [:]
    ) async throws {
        try Self.validate(shortString: destination, "destination exchange name", operation: "exchange.bind")
        try Self.validate(shortString: source, "source exchange name", operation: "exchange.bind")
        try Self.validate(shortString: routingKey, "routing key", operation: "exchange.bind")
        try Self.validate(tableKeys: arguments, "argument name", operation: "exchange.bind")
        try await perform("exchange.bind") { core, state, number throws(AMQPError) in
            withCArena { arena in
                _ = amqp_exchange_bind(
                    state, number, arena.bytes(destination), arena.bytes(source), arena.bytes(routingKey),
                    arena.table(arguments))
            }
            try core.check(operation: "exchange.bind", channel: number)
        }
    }

    /// Removes an exchange-to-exchange binding.
    public func unbindExchange(
        _ destination: String, from source: String, routingKey: String, arguments: AMQPTable = [:]
    ) async throws {
        try Self.validate(shortString: destination, "destination exchange name", operation: "exchange.unbind")
        try Self.validate(shortString: source, "source exchange name", operation: "exchange.unbind")
        try Self.validate(shortString: routingKey, "routing key", operation: "exchange.unbind")
        try Self.validate(tableKeys: arguments, "argument name", operation: "exchange.unbind")
        try await perform("exchange.unbind") { core, state, number throws(AMQPError) in
            withCArena { arena in
                _ = amqp_exchange_unbind(
                    state, number, arena.bytes(destination), arena.bytes(source), arena.bytes(routingKey),
                    arena.table(arguments))
            }
            try core.check(operation: "exchange.unbind", channel: number)
        }
    }

    // MARK: Queues

    /// Declares a queue, or checks that an existing one has the same options and arguments.
    /// An empty name asks the broker to choose one (returned in the result).
    @discardableResult
    public func declareQueue(
        _ name: String,
        options: AMQPQueueOptions = [.durable],
        arguments: AMQPQueueArguments = .init()
    ) async throws -> AMQPQueueDeclareResult {
        try Self.validate(shortString: name, "queue name", operation: "queue.declare")
        let table = arguments.table
        try Self.validate(tableKeys: table, "argument name", operation: "queue.declare")
        return try await perform("queue.declare") { core, state, number throws(AMQPError) in
            let ok = withCArena { arena in
                amqp_queue_declare(
                    state, number, arena.bytes(name), 0, options.contains(.durable) ? 1 : 0,
                    options.contains(.exclusive) ? 1 : 0, options.contains(.autoDelete) ? 1 : 0, arena.table(table))
            }
            try core.check(operation: "queue.declare", channel: number)
            return Self.declareResult(ok, name: name)
        }
    }

    /// Checks that a queue exists (passive declare) and returns its counts.
    /// - Throws: `AMQPError` with reply code 404 when it does not; that closes this channel.
    @discardableResult
    public func declareQueuePassive(_ name: String) async throws -> AMQPQueueDeclareResult {
        try Self.validate(shortString: name, "queue name", operation: "queue.declare")
        return try await perform("queue.declare") { core, state, number throws(AMQPError) in
            let ok = withCArena { arena in
                amqp_queue_declare(state, number, arena.bytes(name), 1, 0, 0, 0, amqp_empty_table)
            }
            try core.check(operation: "queue.declare", channel: number)
            return Self.declareResult(ok, name: name)
        }
    }

    private static func declareResult(_ ok: UnsafeMutablePointer<amqp_queue_declare_ok_t>?, name: String)
        -> AMQPQueueDeclareResult
    {
        guard let ok = ok?.pointee else { return AMQPQueueDeclareResult(name: name, messageCount: 0, consumerCount: 0) }
        return AMQPQueueDeclareResult(
            name: CDecoding.string(ok.queue), messageCount: ok.message_count, consumerCount: ok.consumer_count)
    }

    /// Binds a queue to an exchange with a binding key (a topic pattern for topic exchanges).
    public func bindQueue(_ queue: String, to exchange: String, bindingKey: String, arguments: AMQPTable = [:])
        async throws
    {
        try Self.validate(shortString: queue, "queue name", operation: "queue.bind")
        try Self.validate(shortString: exchange, "exchange name", operation: "queue.bind")
        try Self.validate(shortString: bindingKey, "binding key", operation: "queue.bind")
        try Self.validate(tableKeys: arguments, "argument name", operation: "queue.bind")
        try await perform("queue.bind") { core, state, number throws(AMQPError) in
            withCArena { arena in
                _ = amqp_queue_bind(
                    state, number, arena.bytes(queue), arena.bytes(exchange), arena.bytes(bindingKey),
                    arena.table(arguments))
            }
            try core.check(operation: "queue.bind", channel: number)
        }
    }

    /// Removes a queue binding. Removing one that does not exist succeeds.
    public func unbindQueue(_ queue: String, from exchange: String, bindingKey: String, arguments: AMQPTable = [:])
        async throws
    {
        try Self.validate(shortString: queue, "queue name", operation: "queue.unbind")
        try Self.validate(shortString: exchange, "exchange name", operation: "queue.unbind")
        try Self.validate(shortString: bindingKey, "binding key", operation: "queue.unbind")
        try Self.validate(tableKeys: arguments, "argument name", operation: "queue.unbind")
        try await perform("queue.unbind") { core, state, number throws(AMQPError) in
            withCArena { arena in
                _ = amqp_queue_unbind(
                    state, number, arena.bytes(queue), arena.bytes(exchange), arena.bytes(bindingKey),
                    arena.table(arguments))
            }
            try core.check(operation: "queue.unbind", channel: number)
        }
    }

    /// Removes every ready message from a queue; returns how many.
    @discardableResult
    public func purgeQueue(_ name: String) async throws -> UInt32 {
        try Self.validate(shortString: name, "queue name", operation: "queue.purge")
        return try await perform("queue.purge") { core, state, number throws(AMQPError) in
            let ok = withCArena { arena in amqp_queue_purge(state, number, arena.bytes(name)) }
            try core.check(operation: "queue.purge", channel: number)
            return ok?.pointee.message_count ?? 0
        }
    }

    /// Deletes a queue; returns how many messages it held. Deleting one that does not exist succeeds.
    @discardableResult
    public func deleteQueue(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws -> UInt32 {
        try Self.validate(shortString: name, "queue name", operation: "queue.delete")
        return try await perform("queue.delete") { core, state, number throws(AMQPError) in
            let ok = withCArena { arena in
                amqp_queue_delete(state, number, arena.bytes(name), ifUnused ? 1 : 0, ifEmpty ? 1 : 0)
            }
            try core.check(operation: "queue.delete", channel: number)
            return ok?.pointee.message_count ?? 0
        }
    }

    // MARK: Publishing

    /// Puts the channel in confirm mode: the broker acks or nacks each message, and `publish` waits for it.
    /// At most `window` publishes await their confirm at once; more wait for room (back-pressure).
    public func enableConfirms(window: Int = 1000) async throws {
        precondition(window > 0, "the confirm window must hold at least one message")
        let status = self.status
        try await perform("confirm.select") { core, state, number throws(AMQPError) in
            _ = amqp_confirm_select(state, number)
            try core.check(operation: "confirm.select", channel: number)
            let channel = try core.channel(number, status: status, operation: "confirm.select")
            if channel.confirms == nil { channel.confirms = ConfirmTracker() }
            status.enableConfirms(window: PublishWindow(size: window))
        }
    }

    /// Publishes a message and, in confirm mode, waits until the broker has it.
    ///
    /// - Throws: `AMQPError` with code `.nacked` (the broker did not store it; retry), `.unroutable` (mandatory and
    ///   no queue bound; needs confirm mode), or the error that closed the channel or connection.
    public func publish(
        _ body: [UInt8],
        exchange: String,
        routingKey: String,
        properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws {
        try await startPublish(
            body, exchange: exchange, routingKey: routingKey, properties: properties, mandatory: mandatory
        ).wait()
    }

    /// Publishes a message without waiting for its confirm: returns as soon as the message is queued for the
    /// connection's thread, in call order. Await the returned confirmation later to keep many publishes in flight.
    /// Waits only while the confirm window is full.
    ///
    /// A task cancelled before the message is queued gets `CancellationError` and nothing is sent (a cancelled wait
    /// for the window takes no slot); once queued, the message is sent whatever happens to the task.
    public func startPublish(
        _ body: [UInt8],
        exchange: String,
        routingKey: String,
        properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) async throws -> AMQPPublishConfirmation {
        try status.checkOpen("basic.publish")
        try Self.validate(shortString: exchange, "exchange name", operation: "basic.publish")
        try Self.validate(shortString: routingKey, "routing key", operation: "basic.publish")
        try Self.validate(properties: properties, operation: "basic.publish")
        try Task.checkCancellation()
        let window = status.confirmWindow
        try await window?.acquire()
        // From here the message is sent: the slot belongs to the confirmation, which gives it back when it settles.
        let confirmation = AMQPPublishConfirmation(channel: self, window: window)
        let status = self.status
        let number = self.number
        let posted = mailbox.post { core in
            do throws(AMQPError) {
                let channel = try core.channel(number, status: status, operation: "basic.publish")
                guard let state = core.cState else { throw AMQPError.connectionClosed("basic.publish", because: nil) }
                let sequence = channel.confirms?.nextSequence
                let result = withCArena { arena in
                    var cProperties = arena.properties(properties)
                    return body.withUnsafeBytes { raw in
                        amqp_basic_publish(
                            state, number, arena.bytes(exchange), arena.bytes(routingKey), mandatory ? 1 : 0, 0,
                            &cProperties, amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
                    }
                }
                try core.check(result, operation: "basic.publish", channel: number)
                guard let sequence else {
                    confirmation.settle(.success(()))
                    return
                }
                // Tracked only once sent: a publish that failed before reaching the socket has no sequence number.
                channel.confirms?.add(confirmation)
                if mandatory {
                    channel.mandatoryPublishes.record(
                        sequence: sequence,
                        identity: ReturnedMessageIdentity(
                            exchange: exchange, routingKey: routingKey, messageID: properties.messageID, body: body))
                }
            } catch {
                confirmation.settle(.failure(error))
            }
        }
        if !posted {
            confirmation.settle(.failure(AMQPError.connectionClosed("basic.publish", because: nil)))
        }
        return confirmation
    }

    // MARK: Consuming

    /// Sets how many unacknowledged deliveries the broker sends to each consumer on this channel (`basic.qos`).
    public func setPrefetch(count: UInt16) async throws {
        try await perform("basic.qos") { core, state, number throws(AMQPError) in
            _ = amqp_basic_qos(state, number, 0, count, 0)
            try core.check(operation: "basic.qos", channel: number)
        }
    }

    /// Starts a consumer. `prefetch` is always set first (`basic.qos`): it bounds the deliveries in flight.
    ///
    /// Cancelling the task that iterates the returned sequence cancels the consumer.
    /// - Parameter arguments: `basic.consume` arguments, e.g. `["x-stream-offset": "first"]` for streams.
    public func consume(
        queue: String,
        prefetch: UInt16 = 100,
        acknowledgement: AMQPAcknowledgement = .manual,
        exclusive: Bool = false,
        consumerTag: String? = nil,
        arguments: AMQPTable = [:]
    ) async throws -> AMQPConsumer {
        try Self.validate(shortString: queue, "queue name", operation: "basic.consume")
        let tag = consumerTag ?? "warren.\(number).\(UInt64.random(in: 0...UInt64.max))"
        try Self.validate(shortString: tag, "consumer tag", operation: "basic.consume")
        try Self.validate(tableKeys: arguments, "argument name", operation: "basic.consume")
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [AMQPDelivery].self)
        let status = self.status
        let number = self.number
        let mailbox = self.mailbox
        // Also when the consumer is dropped unused, e.g. because `basic.consume` below was cancelled.
        continuation.onTermination = { termination in
            guard case .cancelled = termination else { return }
            mailbox.post { core in
                guard let channel = try? core.channel(number, status: status, operation: "basic.cancel"),
                    channel.consumers.removeValue(forKey: tag) != nil, let state = core.cState
                else { return }
                // Deliveries not handed over stay unacked; the broker requeues them when the channel closes.
                channel.pendingDeliveries[tag] = nil
                withCArena { arena in _ = amqp_basic_cancel(state, number, arena.bytes(tag)) }
                try? core.check(operation: "basic.cancel", channel: number)
            }
        }
        try await perform("basic.consume") { core, state, number throws(AMQPError) in
            let channel = try core.channel(number, status: status, operation: "basic.consume")
            _ = amqp_basic_qos(state, number, 0, prefetch, 0)
            try core.check(operation: "basic.qos", channel: number)
            channel.consumers[tag] = continuation
            withCArena { arena in
                _ = amqp_basic_consume(
                    state, number, arena.bytes(queue), arena.bytes(tag), 0, acknowledgement == .automatic ? 1 : 0,
                    exclusive ? 1 : 0, arena.table(arguments))
            }
            do throws(AMQPError) {
                try core.check(operation: "basic.consume", channel: number)
            } catch {
                channel.consumers[tag] = nil
                continuation.finish(throwing: error)
                throw error
            }
        }
        return AMQPConsumer(tag: tag, queue: queue, channel: self, batches: stream)
    }

    /// Cancels a consumer; its sequence ends after the deliveries the broker sent before it confirmed the cancel.
    /// It is sent even when the calling task is cancelled (only the wait for the broker's answer ends early).
    public func cancel(consumerTag: String) async throws {
        try Self.validate(shortString: consumerTag, "consumer tag", operation: "basic.cancel")
        let status = self.status
        try await perform("basic.cancel", ifCancelled: .run) { core, state, number throws(AMQPError) in
            let channel = try core.channel(number, status: status, operation: "basic.cancel")
            guard channel.consumers[consumerTag] != nil else { return }
            withCArena { arena in _ = amqp_basic_cancel(state, number, arena.bytes(consumerTag)) }
            do throws(AMQPError) {
                try core.check(operation: "basic.cancel", channel: number)
            } catch {
                channel.consumers.removeValue(forKey: consumerTag)?.finish(throwing: error)
                throw error
            }
            // The broker may deliver until its cancel-ok; librabbitmq queued those deliveries while it waited for
            // the reply. They belong to this consumer: rejecting them would requeue them, and a quorum queue
            // would count that as a delivery that was not settled.
            core.dispatchQueuedFrames()
            channel.consumers.removeValue(forKey: consumerTag)?.finish()
        }
    }

    /// Fetches one message (`basic.get`); nil when the queue is empty. If the calling task is cancelled after the
    /// message was fetched, it stays unacknowledged until the channel closes (then the broker requeues it).
    public func get(queue: String, acknowledgement: AMQPAcknowledgement = .manual) async throws -> AMQPDelivery? {
        try Self.validate(shortString: queue, "queue name", operation: "basic.get")
        return try await perform("basic.get") { [self] core, state, number throws(AMQPError) in
            let reply = withCArena { arena in
                amqp_basic_get(state, number, arena.bytes(queue), acknowledgement == .automatic ? 1 : 0)
            }
            try core.check(reply, operation: "basic.get", channel: number)
            guard reply.reply.id == AMQP_BASIC_GET_OK_METHOD else { return nil }
            let ok = reply.reply.decoded!.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
            let exchange = CDecoding.string(ok.exchange)
            let routingKey = CDecoding.string(ok.routing_key)
            var message = amqp_message_t()
            try core.check(amqp_read_message(state, number, &message, 0), operation: "basic.get", channel: number)
            defer { amqp_destroy_message(&message) }
            return AMQPDelivery(
                body: CDecoding.byteArray(message.body), properties: CDecoding.properties(message.properties),
                exchange: exchange, routingKey: routingKey, deliveryTag: ok.delivery_tag,
                isRedelivered: ok.redelivered != 0, consumerTag: "", messageCount: ok.message_count,
                channel: self)
        }
    }

    // MARK: Settling deliveries

    /// Acknowledges a delivery (with `multiple`, every unsettled one up to it). Sent without waiting for the
    /// connection's thread; a failure to send surfaces as the channel or connection closing.
    public func ack(deliveryTag: UInt64, multiple: Bool = false) async throws {
        try settle("basic.ack") { state, number in amqp_basic_ack(state, number, deliveryTag, multiple ? 1 : 0) }
    }

    /// Negatively acknowledges deliveries; `requeue: false` dead-letters them (or drops them without a DLX).
    public func nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool) async throws {
        try settle("basic.nack") { state, number in
            amqp_basic_nack(state, number, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0)
        }
    }

    /// Rejects one delivery; `requeue: false` dead-letters it (or drops it without a DLX).
    public func reject(deliveryTag: UInt64, requeue: Bool) async throws {
        try settle("basic.reject") { state, number in amqp_basic_reject(state, number, deliveryTag, requeue ? 1 : 0) }
    }

    private func settle(
        _ operation: String, _ call: @escaping @Sendable (amqp_connection_state_t, UInt16) -> Int32
    ) throws(AMQPError) {
        try status.checkOpen(operation)
        let status = self.status
        let number = self.number
        let posted = mailbox.post { core in
            guard (try? core.channel(number, status: status, operation: operation)) != nil,
                let state = core.cState
            else { return }
            try? core.check(call(state, number), operation: operation, channel: number)
        }
        if !posted { throw AMQPError.connectionClosed(operation, because: nil) }
    }

    // MARK: Closing

    /// Closes the channel (`channel.close`). Unsettled deliveries return to their queues. The close is sent even
    /// when the calling task is cancelled (only the wait for the broker's answer ends early).
    public func close() async throws {
        guard status.isOpen else { return }
        let status = self.status
        try await perform("channel.close", ifCancelled: .run) { core, _, number throws(AMQPError) in
            let channel = try core.channel(number, status: status, operation: "channel.close")
            try core.closeChannel(channel)
        }
    }

    // MARK: Helpers

    /// Runs `body` on the connection's thread with the channel's C state.
    private func perform<Value: Sendable>(
        _ operation: String,
        ifCancelled: ConnectionMailbox.CancelledWork = .skip,
        _ body: @escaping @Sendable (ConnectionCore, amqp_connection_state_t, UInt16) throws(AMQPError) -> Value
    ) async throws -> Value {
        try status.checkOpen(operation)
        let status = self.status
        let number = self.number
        return try await mailbox.perform(operation, status: nil, ifCancelled: ifCancelled) { core throws(AMQPError) in
            _ = try core.channel(number, status: status, operation: operation)
            guard let state = core.cState else { throw AMQPError.connectionClosed(operation, because: nil) }
            return try body(core, state, number)
        }
    }
}
