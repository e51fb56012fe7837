/// A JSON syntax error as `JSONTokenizer` reports it: Jackson's wording and the byte offset Jackson would report.
///
/// EventBridge parses patterns with Jackson and passes its messages through (`Unexpected character (''' (code
/// 39)): was expecting double-quote to start field name`), so the wording is part of the AWS-exact contract.
struct JSONSyntaxError: Error, Sendable, Equatable {
    /// The message without position, for example `Unrecognized token 'this': was expecting (...)`.
    var reason: String
    /// The byte offset of the reported location: Jackson's "current location" when it gave up.
    var offset: Int
    /// Whether event-ruler caught and re-threw the error, which repeats the position in AWS's message.
    var isRethrown = false
}
