import Testing
import UnhurriedCore
@testable import UnhurriedStorage

@Suite struct PeopleSettingsCacheTests {
    let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
    let bob = ChatUserID("U0BOB")
    let carol = ChatUserID("U0CAROL")

    private func settings(zone: String) -> PersonalSettings {
        var settings = PersonalSettings()
        settings.timeZoneName = zone
        return settings
    }

    @Test func keepsWhatWasReadAndThatSomeoneHasNoRow() {
        let cache = PeopleSettingsCache()
        let first = cache.lookUp([bob, carol, bob], in: workspace)
        #expect(first.known.isEmpty && first.unknown == [bob, carol, bob])
        cache.remember([bob: settings(zone: "Asia/Kolkata")], of: [bob, carol], in: workspace, generation: first.generation)
        let again = cache.lookUp([bob, carol], in: workspace)
        #expect(again.unknown.isEmpty)
        #expect(again.known == [bob: settings(zone: "Asia/Kolkata")])
        #expect(cache.lookUp([bob], in: WorkspaceRef(platform: "slack", workspaceID: "OTHER")).unknown == [bob])
    }

    @Test func aWriteForgetsItsPeopleAndAReadBegunBeforeItIsNotKept() {
        let cache = PeopleSettingsCache()
        let dave = ChatUserID("U0DAVE")
        let read = cache.lookUp([bob, carol], in: workspace)
        cache.remember([bob: settings(zone: "Europe/Paris"), carol: settings(zone: "Asia/Kolkata")], of: [bob, carol],
                       in: workspace, generation: read.generation)
        // A read starts, a write to Bob's settings commits and ends, then the read (of what was there before) finishes.
        let racing = cache.lookUp([dave], in: workspace)
        cache.forget([(bob, workspace)])
        cache.remember([dave: settings(zone: "Europe/Paris")], of: [dave], in: workspace, generation: racing.generation)
        let after = cache.lookUp([bob, carol, dave], in: workspace)
        #expect(after.unknown == [bob, dave])
        #expect(after.known == [carol: settings(zone: "Asia/Kolkata")])
    }

    @Test func neverHoldsMoreThanItsCapacity() {
        let cache = PeopleSettingsCache()
        let everyone = (0...PeopleSettingsCache.capacity).map { ChatUserID("U\($0)") }
        cache.remember([:], of: everyone, in: workspace, generation: cache.lookUp([], in: workspace).generation)
        #expect(cache.lookUp([everyone[0]], in: workspace).unknown == [everyone[0]])
    }
}
