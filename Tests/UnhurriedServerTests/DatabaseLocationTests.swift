import Testing
import UnhurriedStorage

@Suite struct DatabaseLocationTests {
    @Test func readsSQLiteAndPostgresURLs() throws {
        #expect(try DatabaseLocation(url: "sqlite://./unhurried.sqlite") == .sqliteFile(path: "./unhurried.sqlite"))
        #expect(try DatabaseLocation(url: "postgres://app:p%40ss@db.internal:6432/unhurried?sslmode=require&schema=team_a") == .postgres(
            PostgresServer(host: "db.internal", port: 6432, username: "app", password: "p@ss", database: "unhurried", tls: .require, schema: "team_a")))
        #expect(try DatabaseLocation(url: "postgres://app@db/unhurried?sslmode=verify-full") == .postgres(
            PostgresServer(host: "db", username: "app", password: nil, database: "unhurried", tls: .verifyFull)))
        #expect(try DatabaseLocation(url: "postgresql://app@localhost/unhurried") == .postgres(
            PostgresServer(host: "localhost", username: "app", password: nil, database: "unhurried")))
    }

    @Test(arguments: [
        ("mysql://app@db/unhurried", "database scheme 'mysql' is not supported"),
        ("postgres://db.internal/unhurried", "names no user"),
        ("postgres://app@db.internal/", "names no database"),
        ("postgres://app@db/unhurried?sslmode=sometimes", "'sslmode=sometimes' is not supported"),
        ("postgres://app@db/unhurried?schema=a;drop", "'schema=a;drop' is not supported"),
        ("postgres://app@db/unhurried?pool=9", "'pool' is not supported"),
    ])
    func refusesWhatItCannotUseAndSaysWhy(url: String, reason: String) {
        #expect {
            try DatabaseLocation(url: url)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test(arguments: [
        ("postgres://app:hunter2@db.internal:5432/x", "postgres://app:***@db.internal:5432/x"),
        ("postgres://app:p%40ss:word@db/x?sslmode=require", "postgres://app:***@db/x?sslmode=require"),
        ("postgres://app@db/x", "postgres://app@db/x"),
        ("sqlite://./unhurried.sqlite", "sqlite://./unhurried.sqlite"),
        ("app:hunter2@db/x", "app:***@db/x"),
    ])
    func redactsThePassword(url: String, shown: String) {
        #expect(DatabaseLocation.redacted(url) == shown)
    }

    /// Whatever is wrong with a URL, the error names it without its password.
    @Test(arguments: ["postgres://app:hunter2@db.internal/", "postgres://:hunter2@db.internal/x", "postgres:/app:hunter2@db/x",
                      "postgres://app:hunter2@[::1/x"])
    func errorsNeverShowThePassword(url: String) {
        #expect {
            try DatabaseLocation(url: url)
        } throws: { error in
            !"\(error)".contains("hunter2") && "\(error)".contains("***")
        }
    }
}
