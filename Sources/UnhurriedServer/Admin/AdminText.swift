import Foundation
import UnhurriedCore

/// How the admin page writes instants, shares and channels: UTC, as the logs and `outbox` write them.
enum AdminText {
    static func instant(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits) UTC",
            timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
    }

    /// `Nov 23`: a week's first day.
    static func day(_ date: Date) -> String {
        date.formatted(Date.VerbatimFormatStyle(
            format: "\(month: .abbreviated) \(day: .defaultDigits)", locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt,
            calendar: Calendar(identifier: .gregorian)))
    }

    static func share(_ share: Double) -> String {
        "\(Int((share * 100).rounded()))%"
    }

    static func channel(_ channel: ChatChannel) -> String {
        "\(channel.platform):\(channel.channelID)"
    }
}
