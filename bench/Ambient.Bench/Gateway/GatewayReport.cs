using System.Globalization;
using System.Text;

namespace Ambient.Bench.Gateway;

/// <summary>The markdown report of the gateway suite: medians side by side, the gateway ÷ bare ratios, every repeat, and the ack check.</summary>
internal static class GatewayReport
{
    public static string Render(GatewayBenchOptions options, string commandLine, IReadOnlyList<(string Name, string Value)> machine, int bodyBytes,
        IReadOnlyList<GatewayRun> bare, IReadOnlyList<GatewayRun> gateway, long acceptedByGateway, long recordsInKafka)
    {
        var text = new StringBuilder();
        Line(text, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        Line(text, $"Closed loop, {options.Concurrency} requests in flight over HTTP/1.1 keep-alive on loopback; each a signed GitHub `issues` delivery of {bodyBytes:N0} bytes with a new delivery id. {options.Duration.TotalSeconds:N0} s measured after {options.Warmup.TotalSeconds:N0} s warm-up per side, sides alternating, median of {options.Repeats} repeats, after one unmeasured {options.InitialWarmup.TotalSeconds:N0} s round per side. The broker is a child process; both HTTP servers and the load generator share the bench process.");
        text.Append('\n');
        foreach (var (name, value) in machine)
        {
            Line(text, $"- {name}: {value}");
        }

        text.Append('\n');
        text.Append("| metric | bare 202 endpoint (no Kafka) | gateway (202 after Kafka ack) | gateway ÷ bare |\n");
        text.Append("| --- | ---: | ---: | ---: |\n");
        Row(text, "accepted requests/s (higher is better)", bare, gateway, r => r.Load.AcceptedPerSecond, "N0");
        Row(text, "latency p50, ms", bare, gateway, r => r.Load.P50Ms, "N2");
        Row(text, "latency p99, ms", bare, gateway, r => r.Load.P99Ms, "N2");
        Row(text, "latency max, ms", bare, gateway, r => r.Load.MaxMs, "N1");
        Row(text, "bench process CPU per request, µs (load generator + server)", bare, gateway, r => r.Load.CpuMicrosPerRequest, "N0");
        Row(text, "broker CPU per request, µs", bare, gateway, r => r.BrokerCpuMicrosPerRequest, "N0");
        Row(text, "answers other than 202", bare, gateway, r => r.Load.Other, "N0");
        text.Append('\n');
        Line(text, $"Every 202 of the gateway backed by a record: {acceptedByGateway:N0} accepted (warm-ups included), {recordsInKafka:N0} records on the topic{(acceptedByGateway == recordsInKafka ? " (equal)" : " (DIFFERENT)")}.");
        text.Append('\n');
        text.Append("Every repeat, in run order (accepted/s, p50 ms, p99 ms):\n");
        text.Append('\n');
        foreach (var (name, runs) in new[] { ("bare", bare), ("gateway", gateway) })
        {
            var values = string.Join("; ", runs.Select(r => Format($"{r.Load.AcceptedPerSecond:N0}, {r.Load.P50Ms:N2}, {r.Load.P99Ms:N2}")));
            Line(text, $"- {name}: {values}");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string metric, IReadOnlyList<GatewayRun> bare, IReadOnlyList<GatewayRun> gateway, Func<GatewayRun, double> value, string format)
    {
        var x = Median(bare.Select(value));
        var y = Median(gateway.Select(value));
        var ratio = x != 0 && !double.IsNaN(x) && !double.IsNaN(y) ? Format($"{y / x:N2}×") : "n/a";
        Line(text, $"| {metric} | {x.ToString(format, CultureInfo.InvariantCulture)} | {y.ToString(format, CultureInfo.InvariantCulture)} | {ratio} |");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, FormattableString line) => text.Append(Format(line)).Append('\n');
}
