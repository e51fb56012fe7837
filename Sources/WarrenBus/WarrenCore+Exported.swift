// WarrenBus runs WarrenCore's model on RabbitMQ, and its API speaks in that model's types (rules, topologies,
// PutEvents entries and results): importing WarrenBus brings them along.
@_exported public import WarrenCore
