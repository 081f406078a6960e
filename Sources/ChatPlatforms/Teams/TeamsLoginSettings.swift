import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Who the bot is to Microsoft (its Entra app) and where it logs in: what the inbound token check and the outbound
/// token come from. The two URLs are settings so that tests, and clouds other than the public one, can point elsewhere.
public struct TeamsLoginSettings: Sendable {
    public var appID: String
    public var appPassword: String
    /// The bot's Entra tenant; nil for a multi-tenant bot.
    public var tenantID: String?
    public var loginURL: URL
    public var openIDMetadataURL: URL

    public init(
        appID: String, appPassword: String, tenantID: String? = nil, loginURL: URL = TeamsAppToken.defaultLoginURL,
        openIDMetadataURL: URL = TeamsTokenVerifier.defaultMetadataURL
    ) {
        self.appID = appID
        self.appPassword = appPassword
        self.tenantID = tenantID
        self.loginURL = loginURL
        self.openIDMetadataURL = openIDMetadataURL
    }

    /// Reads `TEAMS_APP_ID` and `TEAMS_APP_PASSWORD` (both required), `TEAMS_TENANT_ID`, `TEAMS_LOGIN_URL` and
    /// `TEAMS_OPENID_METADATA_URL`.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        // Teams writes the bot's id in lower case in tokens and activities; a GUID typed in capitals is the same id.
        guard let appID = value("TEAMS_APP_ID").flatMap(UUID.init(uuidString:))?.uuidString.lowercased() else {
            throw .invalidVariable(name: "TEAMS_APP_ID", reason: "expected the bot's Microsoft App ID, a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301")
        }
        guard let appPassword = value("TEAMS_APP_PASSWORD") else {
            throw .invalidVariable(name: "TEAMS_APP_PASSWORD", reason: "missing: expected a client secret of the bot's Entra app")
        }
        self.init(
            appID: appID, appPassword: appPassword, tenantID: value("TEAMS_TENANT_ID"),
            loginURL: try ConfigurationError.webURL(
                environment["TEAMS_LOGIN_URL"], named: "TEAMS_LOGIN_URL", example: "https://login.microsoftonline.com") ?? TeamsAppToken.defaultLoginURL,
            openIDMetadataURL: try ConfigurationError.webURL(
                environment["TEAMS_OPENID_METADATA_URL"], named: "TEAMS_OPENID_METADATA_URL",
                example: TeamsTokenVerifier.defaultMetadataURL.absoluteString) ?? TeamsTokenVerifier.defaultMetadataURL)
    }

    public func tokenVerifier(http: any OutboundHTTPClient, clock: any WallClock) -> TeamsTokenVerifier {
        TeamsTokenVerifier(appID: appID, metadataURL: openIDMetadataURL, http: http, clock: clock)
    }

    public func appToken(http: any OutboundHTTPClient, clock: any WallClock) -> TeamsAppToken {
        TeamsAppToken(appID: appID, appPassword: appPassword, tenantID: tenantID, loginURL: loginURL, http: http, clock: clock)
    }
}
