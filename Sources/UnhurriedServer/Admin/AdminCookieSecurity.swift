import Foundation
import HTTPTypes
import Hummingbird

/// Whether the admin cookies are marked `Secure`: as `UNHURRIED_ADMIN_COOKIE_SECURE` says; without it, always, except
/// on a server listening on a loopback address (reached from this machine over plain HTTP), where only when the proxy
/// in front says the browser came over TLS.
struct AdminCookieSecurity: Sendable {
    let setting: Bool?
    let listensOnLoopback: Bool

    init(setting: Bool?, host: String) {
        self.setting = setting
        listensOnLoopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    }

    func isSecure(_ request: Request) -> Bool {
        setting ?? (!listensOnLoopback || Self.cameOverTLS(request.headers))
    }

    /// What the nearest proxy says of the browser's connection: the first of `X-Forwarded-Proto`'s comma-separated
    /// protocols, or `proto=` in the first element of RFC 7239's `Forwarded`.
    static func cameOverTLS(_ headers: HTTPFields) -> Bool {
        if let proto = headers[.xForwardedProto]?.split(separator: ",").first {
            return proto.trimmingCharacters(in: .whitespaces).lowercased() == "https"
        }
        guard let element = headers[.forwarded]?.split(separator: ",").first else { return false }
        return element.split(separator: ";").contains { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && parts[0].lowercased() == "proto" && parts[1].trimmingCharacters(in: ["\""]).lowercased() == "https"
        }
    }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    static let forwarded = Self("Forwarded")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
