using System.Globalization;
using System.Text;
using Ambient.Bench.Measurements;

namespace Ambient.Bench.Reporting;

/// <summary>
/// The markdown report: a header naming the run and machine, the summary table of medians with Ambient's ratio to each
/// other system (Redis Streams, NATS JetStream), and every repeat's raw values with server and client CPU time.
/// </summary>
internal static class Report
{
    private const string NotRun = "n/a";

    public static string Render(BenchOptions options, string commandLine, IReadOnlyList<(string Name, string Value)> machine, SystemResults ambient, SystemResults noLinger,
        IReadOnlyList<SystemResults> others)
    {
        var text = new StringBuilder();
        Line(text, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        Line(text, $"{options.Records:N0} records of {options.RecordSize:N0} bytes per throughput phase; latency at {options.LatencyRate:N0} records/s for {options.LatencyDuration.TotalSeconds:N0} s after {options.LatencyWarmup.TotalSeconds:N1} s of warm-up; median of {options.Repeats} repeats.");
        text.Append('\n');
        foreach (var (name, value) in machine)
        {
            Line(text, $"- {name}: {value}");
        }

        foreach (var skipped in others.Prepend(ambient).Where(s => s.Skipped is not null))
        {
            Line(text, $"- **{skipped.Name} not measured:** {skipped.Skipped}");
        }

        text.Append('\n');
        var names = string.Join(" | ", others.Select(o => o.Name));
        var ratios = string.Join(" | ", others.Select(o => $"{ambient.Name} ÷ {o.Name}"));
        Line(text, $"| metric | {ambient.Name} | {names} | {ratios} |");
        Line(text, $"| --- | ---: |{string.Concat(others.Select(_ => " ---: |"))}{string.Concat(others.Select(_ => " ---: |"))}");
        Row(text, "produce, records/s (higher is better)", ambient, others, r => r.Produce.Select(p => p.RecordsPerSecond), "N0");
        Row(text, "produce, MiB/s of payload (higher is better)", ambient, others, r => r.Produce.Select(p => p.MebibytesPerSecond), "N1");
        Row(text, "consume, records/s (higher is better)", ambient, others, r => r.Consume.Select(c => c.Throughput.RecordsPerSecond), "N0");
        Row(text, "consume, MiB/s of payload (higher is better)", ambient, others, r => r.Consume.Select(c => c.Throughput.MebibytesPerSecond), "N1");
        Row(text, "latency p50, ms (lower is better)", ambient, others, r => r.Latency.Select(l => l.P50Ms), "N2");
        Row(text, "latency p99, ms (lower is better)", ambient, others, r => r.Latency.Select(l => l.P99Ms), "N2");
        Row(text, "latency max, ms (lower is better)", ambient, others, r => r.Latency.Select(l => l.MaxMs), "N2");
        Row(text, "latency p50, ms, producer linger.ms=0 (diagnostic)", noLinger, others, r => r.Latency.Select(l => l.P50Ms), "N2");
        Row(text, "latency p99, ms, producer linger.ms=0 (diagnostic)", noLinger, others, r => r.Latency.Select(l => l.P99Ms), "N2");
        Row(text, "consumer start: subscribe to first record, ms", ambient, others, r => r.Consume.Select(c => c.TimeToFirstRecord.TotalMilliseconds), "N0");
        Row(text, "server CPU per produced record, µs", ambient, others, r => r.Produce.Select(p => PerRecordMicros(p.ServerCpu, p.Records)), "N1");
        Row(text, "client CPU per produced record, µs", ambient, others, r => r.Produce.Select(p => PerRecordMicros(p.ClientCpu, p.Records)), "N1");
        Row(text, "server CPU per consumed record, µs", ambient, others, r => r.Consume.Select(c => PerRecordMicros(c.Throughput.ServerCpu, c.Throughput.Records)), "N1");
        Row(text, "client CPU per consumed record, µs", ambient, others, r => r.Consume.Select(c => PerRecordMicros(c.Throughput.ClientCpu, c.Throughput.Records)), "N1");
        text.Append('\n');
        Line(text, $"Every repeat, in run order:");
        text.Append('\n');
        Line(text, $"| phase | {ambient.Name} | {names} |");
        Line(text, $"| --- | --- |{string.Concat(others.Select(_ => " --- |"))}");
        Runs(text, "produce, records/s", ambient, others, r => r.Produce.Select(p => p.RecordsPerSecond), "N0");
        Runs(text, "produce, wall s / server CPU s / client CPU s", ambient, others, r => r.Produce.Select(Cpu));
        Runs(text, "consume, records/s", ambient, others, r => r.Consume.Select(c => c.Throughput.RecordsPerSecond), "N0");
        Runs(text, "consume, wall s / server CPU s / client CPU s", ambient, others, r => r.Consume.Select(c => Cpu(c.Throughput)));
        Runs(text, "latency p50 / p99 / max, ms", ambient, others, Latencies);
        Line(text, $"| latency p50 / p99 / max, ms, linger.ms=0 | {string.Join("; ", Latencies(noLinger).DefaultIfEmpty(NotRun))} |{string.Concat(others.Select(_ => " (the runs above) |"))}");
        return text.ToString();
    }

    // The medians, then Ambient's ratio to each other system.
    private static void Row(StringBuilder text, string metric, SystemResults ambient, IReadOnlyList<SystemResults> others, Func<SystemResults, IEnumerable<double>> values, string format)
    {
        var a = Median(values(ambient));
        var medians = others.Select(o => Median(values(o))).ToList();
        var ratios = medians.Select(m => a is { } x && m is { } y && y != 0 ? Format($"{x / y:N2}×") : NotRun);
        Line(text, $"| {metric} | {Show(a, format)} | {string.Join(" | ", medians.Select(m => Show(m, format)))} | {string.Join(" | ", ratios)} |");
    }

    private static void Runs(StringBuilder text, string phase, SystemResults ambient, IReadOnlyList<SystemResults> others, Func<SystemResults, IEnumerable<double>> values, string format) =>
        Runs(text, phase, ambient, others, r => values(r).Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static void Runs(StringBuilder text, string phase, SystemResults ambient, IReadOnlyList<SystemResults> others, Func<SystemResults, IEnumerable<string>> values)
    {
        static string Join(IEnumerable<string> items) => items.Any() ? string.Join("; ", items) : NotRun;
        Line(text, $"| {phase} | {Join(values(ambient))} | {string.Join(" | ", others.Select(o => Join(values(o))))} |");
    }

    private static IEnumerable<string> Latencies(SystemResults results) =>
        results.Latency.Select(l => Format($"{l.P50Ms:N2} / {l.P99Ms:N2} / {l.MaxMs:N2}"));

    private static string Cpu(ThroughputResult result) =>
        Format($"{result.Elapsed.TotalSeconds:N2} / {result.ServerCpu.TotalSeconds:N2} / {result.ClientCpu.TotalSeconds:N2}");

    private static double PerRecordMicros(TimeSpan cpu, long records) => cpu.TotalMicroseconds / records;

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length switch
        {
            0 => null,
            var n when n % 2 == 1 => sorted[n / 2],
            var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
        };
    }

    private static string Show(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? NotRun;

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
