import ChatPlatformKit
import Foundation

/// The app package people upload in Teams: `manifest.json` and the two icons it names, at the zip's root — Teams
/// refuses a package whose files sit in a folder.
package enum TeamsAppPackage {
    static let manifestName = "manifest.json"
    static let colorIconName = "color.png"
    static let outlineIconName = "outline.png"

    package static func archive(of manifest: TeamsAppManifest) throws -> Data {
        var archive = StoredZipArchive()
        try archive.add(manifestName, contents: try manifest.json())
        try archive.add(colorIconName, contents: TeamsAppIcons.color)
        try archive.add(outlineIconName, contents: TeamsAppIcons.outline)
        return try archive.data()
    }
}
