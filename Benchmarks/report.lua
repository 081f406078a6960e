-- Appended to wrk scripts: one machine-readable line with the figures the benchmark prints.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format('RESULT {"rps": %.1f, "requests": %d, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d}\n',
    summary.requests / (summary.duration / 1e6), summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
