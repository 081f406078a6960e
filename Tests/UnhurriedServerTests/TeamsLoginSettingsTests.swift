import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing

@Suite struct TeamsLoginSettingsTests {
    @Test func defaultsToTheMultiTenantPublicCloud() throws {
        let settings = try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "app", "TEAMS_APP_PASSWORD": "secret", "TEAMS_TENANT_ID": " "])
        #expect(settings.tenantID == nil)
        #expect(settings.loginURL == URL(string: "https://login.microsoftonline.com")!)
        #expect(settings.openIDMetadataURL == URL(string: "https://login.botframework.com/v1/.well-known/openidconfiguration")!)
    }

    @Test func readsTheTenantAndLocalEndpoints() throws {
        let settings = try TeamsLoginSettings(environment: [
            "TEAMS_APP_ID": "app", "TEAMS_APP_PASSWORD": "secret", "TEAMS_TENANT_ID": "contoso-tenant",
            "TEAMS_LOGIN_URL": "http://127.0.0.1:8081", "TEAMS_OPENID_METADATA_URL": "http://127.0.0.1:8081/v1/.well-known/openidconfiguration",
        ])
        #expect(settings.tenantID == "contoso-tenant")
        #expect(settings.loginURL == URL(string: "http://127.0.0.1:8081")!)
        #expect(settings.openIDMetadataURL == URL(string: "http://127.0.0.1:8081/v1/.well-known/openidconfiguration")!)
    }

    @Test func namesWhatIsMissingOrWrong() {
        #expect(throws: ConfigurationError.self) { try TeamsLoginSettings(environment: ["TEAMS_APP_PASSWORD": "secret"]) }
        #expect(throws: ConfigurationError.self) { try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "app"]) }
        #expect(throws: ConfigurationError.invalidVariable(name: "TEAMS_LOGIN_URL", reason: "expected an http(s) URL such as https://login.microsoftonline.com")) {
            try TeamsLoginSettings(environment: ["TEAMS_APP_ID": "app", "TEAMS_APP_PASSWORD": "secret", "TEAMS_LOGIN_URL": "login.example"])
        }
    }
}
