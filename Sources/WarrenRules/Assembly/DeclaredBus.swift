/// A bus a file declares, and where.
struct DeclaredBus {
    var name: String
    var position: SourcePosition
}
