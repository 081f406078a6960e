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

    @Test func aWriteForgetsEverythingAndAReadBegunBeforeItIsNotKept() {
        let cache = PeopleSettingsCache()
        let read = cache.lookUp([bob], in: workspace)
        cache.remember([bob: settings(zone: "Europe/Paris")], of: [bob], in: workspace, generation: read.generation)
        // A read starts, a write to people commits and ends, then the read (of what was there before) finishes.
        let racing = cache.lookUp([carol], in: workspace)
        cache.forgetAll()
        cache.remember([carol: settings(zone: "Europe/Paris")], of: [carol], in: workspace, generation: racing.generation)
        #expect(cache.lookUp([bob, carol], in: workspace).unknown == [bob, carol])
    }
}
