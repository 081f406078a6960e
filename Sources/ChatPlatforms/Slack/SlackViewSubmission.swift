import ChatPlatformKit
import UnhurriedCore

/// A modal submitted (`view_submission`): who submitted which view, and what its inputs held. Each input's state
/// is keyed by its block id, then its action id.
struct SlackViewSubmission: Decodable {
    struct View: Decodable {
        struct State: Decodable {
            let values: [String: [String: Input]]
        }

        let callbackID: String
        @Readable var privateMetadata: String?
        let state: State

        private enum CodingKeys: String, CodingKey {
            case callbackID = "callback_id", privateMetadata = "private_metadata", state
        }
    }

    /// One input's value, whichever element it is.
    struct Input: Decodable {
        struct Option: Decodable {
            let value: String
        }

        /// A text input's; null when left empty.
        @Readable var value: String?
        @Readable var selectedUsers: [String]?
        @Readable var selectedOption: Option?

        private enum CodingKeys: String, CodingKey {
            case value, selectedUsers = "selected_users", selectedOption = "selected_option"
        }
    }

    let user: SlackBlockActions.User
    /// Null for an app installed across an organisation.
    @Readable var team: SlackBlockActions.Team?
    let view: View

    /// The input of the form's `field`, which Unhurried gives one element, named after its block.
    func input(_ blockID: String) -> Input? {
        view.state.values[blockID]?.values.first
    }
}
