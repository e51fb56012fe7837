/// One API call as it arrived over HTTP.
public struct EventBridgeRequest: Sendable {
    /// The `X-Amz-Target` header: `AWSEvents.<Operation>`.
    public var target: String?
    /// The `Authorization` header; only its credential scope is read (for the region). Signatures are not verified.
    public var authorization: String?
    /// The JSON body.
    public var body: [UInt8]

    public init(target: String?, authorization: String?, body: [UInt8]) {
        self.target = target
        self.authorization = authorization
        self.body = body
    }

    /// The region of the call: the fourth element of the SigV4 credential scope
    /// (`Credential=<key>/<date>/<region>/events/aws4_request`), `defaultRegion` when the call is unsigned.
    public func region(default defaultRegion: String = "us-east-1") -> String {
        Self.region(fromAuthorization: authorization) ?? defaultRegion
    }

    static func region(fromAuthorization authorization: String?) -> String? {
        guard let authorization, let start = authorization.range(of: "Credential=") else { return nil }
        let credential = authorization[start.upperBound...].prefix { $0 != "," && $0 != " " }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard scope.count >= 5 else { return nil }
        let region = scope[2]
        guard !region.isEmpty, region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        return String(region)
    }
}
