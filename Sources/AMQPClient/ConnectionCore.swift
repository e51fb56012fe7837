import CRabbitMQ
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything of one connection that touches librabbitmq, owned by the connection's dedicated thread.
///
/// librabbitmq is not thread-safe, and it blocks in `poll()`. So each connection gets one thread that runs `run()`:
/// it executes the commands posted to its mailbox in order, reads incoming frames without blocking, and sleeps in
/// `poll()` on the socket and the mailbox's wake-up pipe for at most a quarter of the heartbeat interval. Nothing
/// here runs on Swift's cooperative pool, and no lock is held across a C call.
final class ConnectionCore {
    private let connection: CConnection
    let status: ConnectionStatus
    let logger: Logger
    let mailbox: ConnectionMailbox
    private var channels: [UInt16: ChannelCore] = [:]
    private var channelNumbers = ChannelNumberAllocator()
    private var closed = false
    private var heartbeat: HeartbeatMonitor
    /// Consumer tags, exchanges and routing keys repeat from one delivery to the next: decode each once.
    private var recentStrings = RecentStrings()

    init(connection: CConnection, mailbox: ConnectionMailbox, status: ConnectionStatus, logger: Logger) {
        self.connection = connection
        self.mailbox = mailbox
        self.status = status
        self.logger = logger
        self.heartbeat = HeartbeatMonitor(heartbeat: .seconds(Int(connection.heartbeatSeconds)), now: .now)
    }

    var isClosed: Bool { closed }

    // MARK: The thread's loop

    func run() {
        while !closed {
            for command in mailbox.takeAll() { command(self) }
            if closed { break }
            readIncomingFrames(limit: 256)
            if closed { break }
            if connection.hasBufferedInput { continue }
            if mailbox.sleepIfIdle() {
                waitForInputOrWork()
                mailbox.wokeUp()
            }
            checkHeartbeat()
        }
        // Fail whatever was posted after the end: each command sees `isClosed` and reports it.
        for command in mailbox.close() { command(self) }
    }

    private func waitForInputOrWork() {
        var descriptors = [
            pollfd(fd: connection.socketDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: mailbox.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, 2, heartbeat.pollTimeoutMilliseconds)
        if ready > 0, descriptors[0].revents != 0 {
            heartbeat.receivedInput(at: .now)
        }
    }

    /// Gives up on a broker silent for two heartbeat intervals (see `HeartbeatMonitor`).
    private func checkHeartbeat() {
        guard heartbeat.heartbeat > .zero, !closed else { return }
        var descriptor = pollfd(fd: connection.socketDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) > 0 {
            heartbeat.receivedInput(at: .now)
            return
        }
        if heartbeat.isSilent(at: .now) {
            fail(
                AMQPError(
                    code: .library, operation: "heartbeat",
                    message: "no data from the broker for two heartbeat intervals (\(heartbeat.silenceLimit))",
                    libraryStatus: AMQP_STATUS_HEARTBEAT_TIMEOUT.rawValue, scope: .connection, recovery: .reconnect))
        }
    }

    private func readIncomingFrames(limit: Int) {
        guard let state = connection.state else { return }
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        var frame = amqp_frame_t()
        for _ in 0..<limit {
            let status = amqp_simple_wait_frame_noblock(state, &frame, &zero)
            if status == AMQP_STATUS_TIMEOUT.rawValue { break }
            if status != AMQP_STATUS_OK.rawValue {
                fail(CConnection.libraryError(status, operation: "read"))
                return
            }
            heartbeat.receivedInput(at: .now)
            dispatch(frame)
            if closed { return }
        }
        flushDeliveries()
        amqp_maybe_release_buffers(state)
    }

    private func flushDeliveries() {
        for channel in channels.values { channel.flushDeliveries() }
    }

    /// Dispatches the frames librabbitmq queued while a synchronous method waited for its reply (deliveries and
    /// confirms that arrived first), without reading the socket.
    func dispatchQueuedFrames() {
        guard let state = connection.state else { return }
        var zero = timeval(tv_sec: 0, tv_usec: 0)
        var frame = amqp_frame_t()
        while !closed, amqp_frames_enqueued(state) != 0 {
            let status = amqp_simple_wait_frame_noblock(state, &frame, &zero)
            if status == AMQP_STATUS_TIMEOUT.rawValue { return }
            if status != AMQP_STATUS_OK.rawValue {
                fail(CConnection.libraryError(status, operation: "read"))
                return
            }
            dispatch(frame)
        }
        flushDeliveries()
    }

    // MARK: Incoming frames

    private func dispatch(_ frame: amqp_frame_t) {
        guard frame.frame_type == AMQP_FRAME_METHOD else {
            logger.debug("ignoring a frame outside a method", metadata: ["frame_type": "\(frame.frame_type)"])
            return
        }
        let method = frame.payload.method
        switch method.id {
        case AMQP_BASIC_DELIVER_METHOD:
            let deliver = method.decoded!.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            receiveDelivery(deliver, channel: frame.channel)
        case AMQP_BASIC_ACK_METHOD:
            let ack = method.decoded!.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            channels[frame.channel]?.receive(
                BrokerConfirm(kind: .ack, tag: ack.delivery_tag, multiple: ack.multiple != 0))
        case AMQP_BASIC_NACK_METHOD:
            let nack = method.decoded!.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            channels[frame.channel]?.receive(
                BrokerConfirm(kind: .nack, tag: nack.delivery_tag, multiple: nack.multiple != 0))
        case AMQP_BASIC_RETURN_METHOD:
            let returned = method.decoded!.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            receiveReturn(returned, channel: frame.channel)
        case AMQP_BASIC_CANCEL_METHOD:
            let cancel = method.decoded!.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            receiveCancel(cancel, channel: frame.channel)
        case AMQP_CHANNEL_CLOSE_METHOD:
            let close = method.decoded!.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            connection.acknowledgeChannelClose(frame.channel)
            let error = CConnection.serverError(
                code: close.reply_code, text: CDecoding.string(close.reply_text),
                operation: Self.methodName(classID: close.class_id, methodID: close.method_id), scope: .channel)
            logger.warning("broker closed channel \(frame.channel): \(error)")
            closeChannelLocally(frame.channel, error: error)
        case AMQP_CONNECTION_CLOSE_METHOD:
            let close = method.decoded!.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            connection.acknowledgeConnectionClose()
            fail(
                CConnection.serverError(
                    code: close.reply_code, text: CDecoding.string(close.reply_text), operation: "connection",
                    scope: .connection))
        case AMQP_CONNECTION_BLOCKED_METHOD:
            let blocked = method.decoded!.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee
            logger.warning("broker blocked publishing: \(CDecoding.string(blocked.reason))")
        case AMQP_CONNECTION_UNBLOCKED_METHOD:
            logger.info("broker unblocked publishing")
        case AMQP_CHANNEL_FLOW_METHOD:
            let flow = method.decoded!.assumingMemoryBound(to: amqp_channel_flow_t.self).pointee
            var flowOK = amqp_channel_flow_ok_t(active: flow.active)
            _ = amqp_send_method(connection.state, frame.channel, AMQP_CHANNEL_FLOW_OK_METHOD, &flowOK)
        default:
            logger.debug("ignoring method 0x\(String(method.id, radix: 16)) on channel \(frame.channel)")
        }
    }

    private func readContent(channel: UInt16, operation: String) -> (AMQPProperties, [UInt8])? {
        var message = amqp_message_t()
        let reply = amqp_read_message(connection.state, channel, &message, 0)
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            fail(connection.error(from: reply, operation: operation, channel: channel))
            return nil
        }
        defer { amqp_destroy_message(&message) }
        return (CDecoding.properties(message.properties), CDecoding.byteArray(message.body))
    }

    private func receiveDelivery(_ deliver: amqp_basic_deliver_t, channel number: UInt16) {
        // Copy the method's fields first: they live in a pool that reading the content may reuse.
        let consumerTag = recentStrings.string(deliver.consumer_tag)
        let exchange = recentStrings.string(deliver.exchange)
        let routingKey = recentStrings.string(deliver.routing_key)
        guard let (properties, body) = readContent(channel: number, operation: "basic.deliver") else { return }
        guard let channel = channels[number], channel.consumers[consumerTag] != nil, let handle = channel.handle else {
            // A delivery for a consumer that was just cancelled, or on a channel being dropped (it closes next):
            // hand it back to the queue.
            _ = amqp_basic_reject(connection.state, number, deliver.delivery_tag, 1)
            return
        }
        let delivery = AMQPDelivery(
            body: body, properties: properties, exchange: exchange, routingKey: routingKey,
            deliveryTag: deliver.delivery_tag, isRedelivered: deliver.redelivered != 0, consumerTag: consumerTag,
            messageCount: nil, channel: handle)
        channel.pendingDeliveries[consumerTag, default: []].append(delivery)
    }

    private func receiveReturn(_ returned: amqp_basic_return_t, channel number: UInt16) {
        let replyCode = returned.reply_code
        let replyText = CDecoding.string(returned.reply_text)
        let exchange = CDecoding.string(returned.exchange)
        let routingKey = CDecoding.string(returned.routing_key)
        guard let (properties, body) = readContent(channel: number, operation: "basic.return") else { return }
        guard let channel = channels[number] else { return }
        let identity = ReturnedMessageIdentity(
            exchange: exchange, routingKey: routingKey, messageID: properties.messageID, body: body)
        let error = AMQPError(
            code: .unroutable, operation: "basic.publish", replyCode: replyCode,
            message: "\(replyText): no queue is bound to exchange '\(exchange)' for routing key '\(routingKey)'",
            scope: .operation, recovery: .none)
        if !channel.receiveReturn(identity, error: error) {
            logger.warning(
                "broker returned a message that matches no pending publish",
                metadata: ["exchange": "\(exchange)", "routing_key": "\(routingKey)"])
        }
    }

    private func receiveCancel(_ cancel: amqp_basic_cancel_t, channel number: UInt16) {
        let tag = CDecoding.string(cancel.consumer_tag)
        if cancel.nowait == 0 {
            var cancelOK = amqp_basic_cancel_ok_t(consumer_tag: cancel.consumer_tag)
            _ = amqp_send_method(connection.state, number, AMQP_BASIC_CANCEL_OK_METHOD, &cancelOK)
        }
        channels[number]?.flushDeliveries()
        guard let consumer = channels[number]?.consumers.removeValue(forKey: tag) else { return }
        logger.warning("broker cancelled consumer \(tag) on channel \(number)")
        consumer.finish(
            throwing: AMQPError(
                code: .consumerCancelled, operation: "basic.consume",
                message: "the broker cancelled consumer '\(tag)' (its queue was deleted or became unavailable)",
                scope: .operation, recovery: .retry))
    }

    // MARK: Failure

    /// Ends the connection because of `error`: every channel, consumer and pending confirm fails with it.
    func fail(_ error: AMQPError) {
        guard !closed else { return }
        logger.error("connection failed: \(error)")
        finish(error)
    }

    private func finish(_ error: AMQPError?) {
        closed = true
        connection.destroy()
        for channel in channels.values { channel.fail(with: error ?? AMQPError.connectionClosed("channel", because: nil)) }
        channels.removeAll()
        status.markClosed(error)
    }

    /// Closes the connection as the application asked: `connection.close`, then the socket.
    func close() {
        guard !closed, let state = connection.state else { return }
        for channel in channels.values {
            channel.flushDeliveries()
            for consumer in channel.consumers.values { consumer.finish() }
            channel.consumers.removeAll()
        }
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        finish(nil)
    }

    // MARK: Channels

    func openChannel(status: ChannelStatus, handle makeHandle: (UInt16) -> AMQPChannel) throws(AMQPError) -> AMQPChannel {
        guard let state = connection.state, !closed else {
            throw AMQPError.connectionClosed("channel.open", because: self.status.closeError)
        }
        let maximum = ChannelNumberAllocator.maximum(negotiated: amqp_get_channel_max(state))
        guard let number = channelNumbers.next(maximum: maximum, isInUse: { channels[$0] != nil }) else {
            throw AMQPError(
                code: .library, operation: "channel.open", message: "all \(maximum) channels are in use",
                scope: .operation, recovery: .retry)
        }
        amqp_channel_open(state, number)
        try check(operation: "channel.open", channel: number)
        let handle = makeHandle(number)
        channels[number] = ChannelCore(number: number, status: status, handle: handle)
        return handle
    }

    /// The channel's state, if `status` is still the open channel with that number.
    func channel(_ number: UInt16, status: ChannelStatus, operation: String) throws(AMQPError) -> ChannelCore {
        guard !closed else { throw AMQPError.connectionClosed(operation, because: self.status.closeError) }
        guard let channel = channels[number], channel.status === status else {
            try status.checkOpen(operation)
            throw AMQPError.channelClosed(operation, because: nil)
        }
        return channel
    }

    func closeChannel(_ channel: ChannelCore) throws(AMQPError) {
        guard let state = connection.state else { return }
        let reply = amqp_channel_close(state, channel.number, Int32(AMQP_REPLY_SUCCESS))
        channels[channel.number] = nil
        channel.fail(with: nil)
        if reply.reply_type != AMQP_RESPONSE_NORMAL {
            let error = connection.error(from: reply, operation: "channel.close", channel: channel.number)
            if error.scope == .connection { fail(error) }
        }
    }

    private func closeChannelLocally(_ number: UInt16, error: AMQPError) {
        guard let channel = channels.removeValue(forKey: number) else { return }
        channel.fail(with: error)
    }

    /// Checks the reply of the synchronous method just called; on failure closes what the failure closed.
    func check(operation: String, channel number: UInt16) throws(AMQPError) {
        do {
            try connection.checkLastReply(operation: operation, channel: number)
        } catch {
            absorb(error, channel: number)
            throw error
        }
    }

    /// Checks a reply returned by a call (rather than recorded as the last reply).
    func check(_ reply: amqp_rpc_reply_t, operation: String, channel number: UInt16) throws(AMQPError) {
        guard reply.reply_type != AMQP_RESPONSE_NORMAL else { return }
        let error = connection.error(from: reply, operation: operation, channel: number)
        absorb(error, channel: number)
        throw error
    }

    /// Checks the status of an asynchronous method (publish, ack, ...).
    func check(_ status: Int32, operation: String, channel number: UInt16) throws(AMQPError) {
        do {
            try connection.check(status, operation: operation)
        } catch {
            absorb(error, channel: number)
            throw error
        }
    }

    private func absorb(_ error: AMQPError, channel number: UInt16) {
        switch error.scope {
        case .connection: fail(error)
        case .channel: closeChannelLocally(number, error: error)
        case .operation: break
        }
    }

    /// The C connection, for `ChannelCore` operations. Nil once closed.
    var cState: amqp_connection_state_t? { closed ? nil : connection.state }

    // MARK: Names

    /// `class.method` for the operation a broker's `channel.close` blames, e.g. `queue.declare`.
    static func methodName(classID: UInt16, methodID: UInt16) -> String {
        let classes: [UInt16: (String, [UInt16: String])] = [
            10: ("connection", [10: "start", 40: "open"]),
            20: ("channel", [10: "open", 40: "close"]),
            40: ("exchange", [10: "declare", 20: "delete", 30: "bind", 40: "unbind"]),
            50: ("queue", [10: "declare", 20: "bind", 30: "purge", 40: "delete", 50: "unbind"]),
            60: (
                "basic",
                [10: "qos", 20: "consume", 30: "cancel", 40: "publish", 70: "get", 80: "ack", 90: "reject", 110: "recover", 120: "nack"]
            ),
            85: ("confirm", [10: "select"]),
        ]
        guard let (className, methods) = classes[classID] else { return "channel" }
        return "\(className).\(methods[methodID] ?? "method \(methodID)")"
    }
}
