import Foundation

/// What a person's chat profile says about their time zone, which their deadlines are counted in when they set none
/// themselves.
public struct ProfileZone: Sendable, Hashable {
    public var user: ChatUserID
    /// An IANA zone name; nil when the profile names none, or one the zone database does not know.
    public var zone: String?

    public init(user: ChatUserID, zone: String?) {
        self.user = user
        self.zone = zone.flatMap { !$0.isEmpty && TimeZone(identifier: $0) != nil ? $0 : nil }
    }

    /// The directory's answer about `user`; nil when it could not be asked.
    init?(_ answer: DirectoryAnswer, of user: ChatUserID) {
        switch answer {
        case .zone(let name): self.init(user: user, zone: name)
        case .noZone: self.init(user: user, zone: nil)
        case .unavailable: return nil
        }
    }
}
