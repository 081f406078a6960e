import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing

@Suite struct TeamsLoginSettingsTests {
    @Test func defaultsToTheMultiTenantPublicCloud() throws {
        let settings = try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "5B1E7F0A-7E57-4B07-9A11-0123456789AB", "TEAMS_APP_PASSWORD": "secret", "TEAMS_TENANT_ID": " "])
        #expect(settings.tenantID == nil)
        // Teams writes the id in lower case, in tokens and in the bot's own id.
        #expect(settings.appID == "5b1e7f0a-7e57-4b07-9a11-0123456789ab")
        #expect(settings.loginURL == URL(string: "https://login.microsoftonline.com")!)
        #expect(settings.openIDMetadataURL == URL(string: "https://login.botframework.com/v1/.well-known/openidconfiguration")!)
    }

    @Test func readsTheTenantAndLocalEndpoints() throws {
        let settings = try TeamsLoginSettings(environment: [
            "TEAMS_APP_ID": "5B1E7F0A-7E57-4B07-9A11-0123456789AB", "TEAMS_APP_PASSWORD": "secret", "TEAMS_TENANT_ID": "contoso-tenant",
            "TEAMS_LOGIN_URL": "http://127.0.0.1:8081", "TEAMS_OPENID_METADATA_URL": "http://127.0.0.1:8081/v1/.well-known/openidconfiguration",
        ])
        #expect(settings.tenantID == "contoso-tenant")
        #expect(settings.loginURL == URL(string: "http://127.0.0.1:8081")!)
        #expect(settings.openIDMetadataURL == URL(string: "http://127.0.0.1:8081/v1/.well-known/openidconfiguration")!)
    }

    @Test func namesWhatIsMissingOrWrong() {
        #expect(throws: ConfigurationError.self) { try TeamsLoginSettings(environment: ["TEAMS_APP_PASSWORD": "secret"]) }
        #expect(throws: ConfigurationError.self) { try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "my-bot", "TEAMS_APP_PASSWORD": "secret"]) }
        #expect(throws: ConfigurationError.self) { try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "5B1E7F0A-7E57-4B07-9A11-0123456789AB"]) }
        #expect(throws: ConfigurationError.invalidVariable(name: "TEAMS_LOGIN_URL", reason: "expected an http(s) URL such as https://login.microsoftonline.com")) {
            try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "5B1E7F0A-7E57-4B07-9A11-0123456789AB", "TEAMS_APP_PASSWORD": "secret", "TEAMS_LOGIN_URL": "login.example"])
        }
    }
}
