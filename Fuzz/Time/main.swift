import FuzzSupport
import Foundation
import UnhurriedCore

/// Statics, not globals: libFuzzer's `main` may be the one that runs, and then this file's globals are never set.
private enum Fixed {
    /// Zones that make working time awkward: a half-hour offset, a daylight-saving change, and one with both.
    static let speakers: [WorkingHours] = ["Asia/Kolkata", "America/New_York", "Australia/Lord_Howe"].map { zone in
        WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 30)!,
            timeZone: TimeZone(identifier: zone)!, holidays: [LocalDate(year: 2025, month: 12, day: 25)!])
    }

    /// A Wednesday afternoon, the night New York leaves daylight saving, and a Friday evening before Christmas.
    static let nows: [Date] = [1_772_642_400, 1_793_512_800, 1_766_170_800].map { Date(timeIntervalSince1970: $0) }
}

/// The input's words as a deadline clause, read by each speaker at each moment; an instant read is then counted in
/// working time from now, and that time added back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzInput.read(start, count) { input in
        let words = String(decoding: input, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        for hours in Fixed.speakers {
            let calendar = WorkingCalendar(hours: hours)
            for now in Fixed.nows {
                guard let deadline = try? TimeExpressionReader(now: now, speakerHours: hours).read(words) else { continue }
                _ = calendar.adding(calendar.workingTime(from: now, to: deadline), to: now)
            }
        }
    }
}

FuzzInput.runLibFuzzer(testing: fuzz)
