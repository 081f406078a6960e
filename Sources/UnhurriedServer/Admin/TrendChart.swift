import ChatPlatformKit
import Foundation

/// A bar chart of weekly figures as inline SVG, drawn on the server: no script, nothing fetched. A week without a
/// figure has no bar and says so in its tooltip; the table beside the chart carries the same numbers as text.
struct TrendChart {
    struct Bar {
        /// The week's label, `Nov 23`.
        var label: String
        var value: Double?
        /// What the tooltip says, `2h 10m` or `no answers yet`.
        var text: String
    }

    var title: String
    var bars: [Bar]
    /// The top of the scale: 1 for shares, the largest value (at least 1) otherwise.
    var scale: Double
    /// How the top of the scale is labelled, `100%` or `26h`.
    var scaleLabel: String

    private static let width = 360.0
    private static let height = 140.0
    private static let left = 40.0
    private static let bottom = 22.0
    private static let top = 8.0

    var svg: String {
        let plotWidth = Self.width - Self.left - 4
        let plotHeight = Self.height - Self.bottom - Self.top
        let step = plotWidth / Double(max(bars.count, 1))
        let title = MarkupEscaping.escaped(self.title)
        var parts = [
            #"<svg class="chart" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" aria-label="\#(title)" focusable="false">"#,
            "<title>\(title)</title>",
            #"<line class="axis" x1="\#(Self.left)" y1="\#(Self.top)" x2="\#(Self.left)" y2="\#(Self.top + plotHeight)"/>"#,
            #"<line class="axis" x1="\#(Self.left)" y1="\#(Self.top + plotHeight)" x2="\#(Self.width - 4)" y2="\#(Self.top + plotHeight)"/>"#,
            #"<text class="tick" x="\#(Self.left - 4)" y="\#(Self.top + 8)" text-anchor="end">\#(MarkupEscaping.escaped(scaleLabel))</text>"#,
            #"<text class="tick" x="\#(Self.left - 4)" y="\#(Self.top + plotHeight)" text-anchor="end">0</text>"#,
        ]
        for (index, bar) in bars.enumerated() {
            let x = Self.left + Double(index) * step + step * 0.15
            let tooltip = "<title>\(MarkupEscaping.escaped(bar.label)): \(MarkupEscaping.escaped(bar.text))</title>"
            if let value = bar.value {
                let barHeight = max(1, plotHeight * min(value / scale, 1))
                parts.append(
                    #"<rect class="bar" x="\#(Self.rounded(x))" y="\#(Self.rounded(Self.top + plotHeight - barHeight))" "#
                        + #"width="\#(Self.rounded(step * 0.7))" height="\#(Self.rounded(barHeight))">\#(tooltip)</rect>"#)
            } else {
                parts.append(
                    #"<rect class="gap" x="\#(Self.rounded(x))" y="\#(Self.rounded(Self.top + plotHeight - 2))" "#
                        + #"width="\#(Self.rounded(step * 0.7))" height="2">\#(tooltip)</rect>"#)
            }
            // Every other week is labelled, the latest always, so twelve labels fit a phone's width.
            if (bars.count - 1 - index) % 2 == 0 {
                parts.append(
                    #"<text class="tick" x="\#(Self.rounded(x + step * 0.35))" y="\#(Self.height - 6)" text-anchor="middle">"#
                        + "\(MarkupEscaping.escaped(bar.label))</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func rounded(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
