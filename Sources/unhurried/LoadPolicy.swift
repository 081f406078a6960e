import ArgumentParser
import ChatPlatforms
import Foundation
import UnhurriedConfiguration
import UnhurriedCore

/// The policy in `path`, or the built-in one when no file is named. Problems are printed and end the command.
func loadPolicy(_ path: String?) throws -> ResponsePolicy {
    guard let path else { return .builtIn }
    do {
        return try PolicyFile.load(path: path, platforms: RegisteredPlatforms.names)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}
