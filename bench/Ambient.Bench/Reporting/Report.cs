using System.Globalization;
using System.Text;
using Ambient.Bench.Measurements;

namespace Ambient.Bench.Reporting;

/// <summary>
/// The markdown report: a header naming the run and machine, the summary table of medians with the
/// Ambient ÷ Redis ratio, and every repeat's raw values with server and client CPU time.
/// </summary>
internal static class Report
{
    private const string NotRun = "n/a";

    public static string Render(BenchOptions options, string commandLine, IReadOnlyList<(string Name, string Value)> machine, SystemResults ambient, SystemResults noLinger, SystemResults redis)
    {
        var text = new StringBuilder();
        Line(text, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        Line(text, $"{options.Records:N0} records of {options.RecordSize:N0} bytes per throughput phase; latency at {options.LatencyRate:N0} records/s for {options.LatencyDuration.TotalSeconds:N0} s after {options.LatencyWarmup.TotalSeconds:N1} s of warm-up; median of {options.Repeats} repeats.");
        text.Append('\n');
        foreach (var (name, value) in machine)
        {
            Line(text, $"- {name}: {value}");
        }

        foreach (var skipped in new[] { ambient, redis }.Where(s => s.Skipped is not null))
        {
            Line(text, $"- **{skipped.Name} not measured:** {skipped.Skipped}");
        }

        text.Append('\n');
        Line(text, $"| metric | {ambient.Name} | {redis.Name} | {ambient.Name} ÷ {redis.Name} |");
        Line(text, $"| --- | ---: | ---: | ---: |");
        Row(text, "produce, records/s (higher is better)", ambient, redis, r => r.Produce.Select(p => p.RecordsPerSecond), "N0");
        Row(text, "produce, MiB/s of payload (higher is better)", ambient, redis, r => r.Produce.Select(p => p.MebibytesPerSecond), "N1");
        Row(text, "consume, records/s (higher is better)", ambient, redis, r => r.Consume.Select(c => c.Throughput.RecordsPerSecond), "N0");
        Row(text, "consume, MiB/s of payload (higher is better)", ambient, redis, r => r.Consume.Select(c => c.Throughput.MebibytesPerSecond), "N1");
        Row(text, "latency p50, ms (lower is better)", ambient, redis, r => r.Latency.Select(l => l.P50Ms), "N2");
        Row(text, "latency p99, ms (lower is better)", ambient, redis, r => r.Latency.Select(l => l.P99Ms), "N2");
        Row(text, "latency max, ms (lower is better)", ambient, redis, r => r.Latency.Select(l => l.MaxMs), "N2");
        Row(text, "latency p50, ms, producer linger.ms=0 (diagnostic)", noLinger, redis, r => r.Latency.Select(l => l.P50Ms), "N2");
        Row(text, "latency p99, ms, producer linger.ms=0 (diagnostic)", noLinger, redis, r => r.Latency.Select(l => l.P99Ms), "N2");
        Row(text, "consumer start: subscribe to first record, ms", ambient, redis, r => r.Consume.Select(c => c.TimeToFirstRecord.TotalMilliseconds), "N0");
        Row(text, "server CPU per produced record, µs", ambient, redis, r => r.Produce.Select(p => PerRecordMicros(p.ServerCpu, p.Records)), "N1");
        Row(text, "client CPU per produced record, µs", ambient, redis, r => r.Produce.Select(p => PerRecordMicros(p.ClientCpu, p.Records)), "N1");
        Row(text, "server CPU per consumed record, µs", ambient, redis, r => r.Consume.Select(c => PerRecordMicros(c.Throughput.ServerCpu, c.Throughput.Records)), "N1");
        Row(text, "client CPU per consumed record, µs", ambient, redis, r => r.Consume.Select(c => PerRecordMicros(c.Throughput.ClientCpu, c.Throughput.Records)), "N1");
        text.Append('\n');
        Line(text, $"Every repeat, in run order:");
        text.Append('\n');
        Line(text, $"| phase | {ambient.Name} | {redis.Name} |");
        Line(text, $"| --- | --- | --- |");
        Runs(text, "produce, records/s", ambient, redis, r => r.Produce.Select(p => p.RecordsPerSecond), "N0");
        Runs(text, "produce, wall s / server CPU s / client CPU s", ambient, redis, r => r.Produce.Select(Cpu));
        Runs(text, "consume, records/s", ambient, redis, r => r.Consume.Select(c => c.Throughput.RecordsPerSecond), "N0");
        Runs(text, "consume, wall s / server CPU s / client CPU s", ambient, redis, r => r.Consume.Select(c => Cpu(c.Throughput)));
        Runs(text, "latency p50 / p99 / max, ms", ambient, redis, Latencies);
        Line(text, $"| latency p50 / p99 / max, ms, linger.ms=0 | {string.Join("; ", Latencies(noLinger).DefaultIfEmpty(NotRun))} | (the runs above) |");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string metric, SystemResults ambient, SystemResults redis, Func<SystemResults, IEnumerable<double>> values, string format)
    {
        var a = Median(values(ambient));
        var r = Median(values(redis));
        var ratio = a is { } x && r is { } y && y != 0 ? Format($"{x / y:N2}×") : NotRun;
        Line(text, $"| {metric} | {Show(a, format)} | {Show(r, format)} | {ratio} |");
    }

    private static void Runs(StringBuilder text, string phase, SystemResults ambient, SystemResults redis, Func<SystemResults, IEnumerable<double>> values, string format) =>
        Runs(text, phase, ambient, redis, r => values(r).Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static void Runs(StringBuilder text, string phase, SystemResults ambient, SystemResults redis, Func<SystemResults, IEnumerable<string>> values)
    {
        static string Join(IEnumerable<string> items) => items.Any() ? string.Join("; ", items) : NotRun;
        Line(text, $"| {phase} | {Join(values(ambient))} | {Join(values(redis))} |");
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
