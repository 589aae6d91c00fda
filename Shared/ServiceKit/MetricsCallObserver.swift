import Prometheus
import RPC
import Synchronization

/// Per-method request counts by status code and latency histograms, in the
/// names the gRPC ecosystem uses (`grpc_server_handled_total`,
/// `grpc_server_handling_seconds`).
final class MetricsCallObserver: RPCCallObserver {
    private let registry: PrometheusCollectorRegistry
    private let counters = Mutex<[String: Counter]>([:])
    private let histograms = Mutex<[String: DurationHistogram]>([:])
    static let buckets: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                                      .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                      .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                      .seconds(1), .seconds(2), .seconds(5), .seconds(10)]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func callFinished(_ method: MethodDescriptor, code: StatusCode, duration: Duration) {
        let key = "\(method.path) \(code.rawValue)"
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: MetricNameDescriptor(metricName: "grpc_server_handled", unitName: "total",
                                                 helpText: "Calls finished, by method and status code."),
                labels: [("grpc_service", method.service), ("grpc_method", method.method), ("grpc_code", code.description)])
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = histograms.withLock { histograms in
            if let histogram = histograms[method.path] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(metricName: "grpc_server_handling", unitName: "seconds",
                                                 helpText: "Time from a call's start to its status, by method."),
                labels: [("grpc_service", method.service), ("grpc_method", method.method)], buckets: Self.buckets)
            histograms[method.path] = histogram
            return histogram
        }
        histogram.record(duration)
    }
}
