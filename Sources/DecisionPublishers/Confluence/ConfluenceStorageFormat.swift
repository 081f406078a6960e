import ChatPlatformKit
import UnhurriedCore

/// A decision as an entry of a Confluence page, in Confluence's storage format (XHTML). It begins with an anchor
/// named after the publication's key: invisible on the page, kept by Confluence, and what a later attempt looks for
/// to tell that the entry is already there.
enum ConfluenceStorageFormat {
    static func entry(_ publication: DecisionPublication) -> String {
        var html = "<h3>\(anchor(publication))\(escaped(publication.title))</h3>"
        html += "<p>\(escaped(publication.text))</p>"
        html += "<p><em>Decided by \(escaped(publication.author.rawValue)) in \(escaped(publication.channel.channelID))"
        html += " (\(escaped(publication.channel.platform))) at \(escaped(publication.recordedAtText))</em></p>"
        if !publication.links.isEmpty {
            html += "<ul>" + publication.links.map { link in
                "<li><a href=\"\(escaped(link.url))\">\(escaped(link.label ?? link.url))</a></li>"
            }.joined() + "</ul>"
        }
        return html
    }

    /// Whether `page` (its storage-format body) holds the entry of `publication` already.
    static func holds(_ publication: DecisionPublication, page: String) -> Bool {
        page.contains(anchorParameter(publication))
    }

    private static func anchor(_ publication: DecisionPublication) -> String {
        #"<ac:structured-macro ac:name="anchor">\#(anchorParameter(publication))</ac:structured-macro>"#
    }

    /// The anchor's name in full, closing tag included, so the entry of #4 is not taken for that of #42.
    private static func anchorParameter(_ publication: DecisionPublication) -> String {
        let name = "unhurried-" + publication.idempotencyKey.rawValue.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return #"<ac:parameter ac:name="">\#(name)</ac:parameter>"#
    }

    private static func escaped(_ text: String) -> String {
        MarkupEscaping.escaped(text)
    }
}
