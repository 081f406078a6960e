import Foundation

/// What every harness does around its parser: hands it the input, and fails the input when reading it is slow, since
/// a payload that takes a parser long is a way to stall the service.
public enum FuzzInput {
    public static let slowest: Duration = .milliseconds(100)

    /// A slow input is read again and judged by the CPU time it took, so that loading time zones or a busy machine
    /// (a long run here once failed an input that reads in under a millisecond) cannot fail a run. Only an optimised
    /// build is timed: a debug build is slow everywhere.
    public static func read(_ start: UnsafeRawPointer, _ count: Int, with parser: (Data) -> Void) -> CInt {
        let input = Data(bytes: start, count: count)
        #if DEBUG
        parser(input)
        #else
        if ContinuousClock().measure({ parser(input) }) > slowest {
            let cpuTime = threadCPUTime { parser(input) }
            if cpuTime > slowest { fatalError("slow input: \(cpuTime) of CPU time") }
        }
        #endif
        return 0
    }

    private static func threadCPUTime(of work: () -> Void) -> Duration {
        func now() -> Duration {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }
        let start = now()
        work()
        return now() - start
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runLibFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

extension FuzzInput {
    /// A harness's top-level code. SwiftPM makes an executable's top-level code its `main`, and libFuzzer, linked in
    /// whole, brings a `main` of its own; whichever the linker keeps, libFuzzer runs with the same test.
    public static func runLibFuzzer(testing test: @convention(c) (UnsafeRawPointer, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runLibFuzzerDriver(&argc, &argv, test))
    }
}
