import ChatPlatforms
import Foundation
import Logging
import UnhurriedConfiguration
import UnhurriedCore

/// The policy a process starts on. A valid file is used; a broken or unreadable one (a bad edit or a missing mount,
/// then a restart or a new replica) is refused with every problem's position, and the process starts on the last valid
/// policy kept in the store instead (`KeptPolicy`), so a typo never takes the service down. With none kept (a new
/// database), or none that still reads, a broken file stops the start.
public struct StartingPolicy: Sendable {
    public var policy: ResponsePolicy
    /// The text the policy was read from: the file's, or the kept one. Nil only for a file that was read as a policy
    /// but not as text, as one changed between the two reads can be.
    public var text: String?
    /// The file's problems, each with its position, when it was refused and the kept policy is in force; nil when the
    /// file is.
    public var refusal: YAMLFileError?

    /// The policy to start on, given the file at `path`; throws the file's problems when it is broken and no kept policy
    /// can stand in for it.
    public static func read(path: String, memory: any PlatformMemory, logger: Logger) async throws(YAMLFileError) -> StartingPolicy {
        let fileText = PolicyFile.text(at: path)
        do throws(YAMLFileError) {
            let policy = try PolicyFile.read(text: fileText, of: path, platforms: RegisteredPlatforms.names)
            return StartingPolicy(policy: policy, text: fileText, refusal: nil)
        } catch {
            let kept: String?
            do {
                kept = try await KeptPolicy.recall(from: memory)
            } catch let failure {
                logger.error("The last valid policy could not be read from the store", metadata: ["error": "\(failure)"])
                throw error
            }
            guard let kept else { throw error }
            do throws(YAMLFileError) {
                let policy = try PolicyFile.parse(kept, file: path, platforms: RegisteredPlatforms.names)
                return StartingPolicy(policy: policy, text: kept, refusal: error)
            } catch let keptProblems {
                // After an upgrade that changed what a policy may say, the kept text can be refused too.
                logger.error("The last valid policy kept in the store no longer reads", metadata: ["problems": "\(keptProblems)"])
                throw error
            }
        }
    }
}
