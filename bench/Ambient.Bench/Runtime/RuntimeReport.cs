using System.Globalization;
using System.Text;

namespace Ambient.Bench.Runtime;

/// <summary>
/// The markdown report of the runtime suite: the run and machine, a table of medians with one column per side
/// and the runtime ÷ bare loop ratios, and every repeat's raw values.
/// </summary>
internal static class RuntimeReport
{
    private const string NotRun = "n/a";

    /// <summary>
    /// Renders the report: <paramref name="runtime"/> is the agent runtime as shipped, <paramref name="diagnostics"/> are
    /// variants of it shown for explanation (no ratios), <paramref name="bare"/> are the loops the runtime is divided by.
    /// </summary>
    public static string Render(RuntimeBenchOptions options, string commandLine, IReadOnlyList<(string Name, string Value)> machine, string workload,
        Side runtime, IReadOnlyList<Side> diagnostics, IReadOnlyList<Side> bare)
    {
        var text = new StringBuilder();
        Line(text, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        Line(text, $"{options.Events:N0} events per run on a {options.Partitions}-partition topic; median of {options.Repeats} repeats after a warm-up run of {options.WarmupEvents:N0} events per side; every side's consumer commits every {options.CommitIntervalMs:N0} ms. {workload}");
        text.Append('\n');
        foreach (var (name, value) in machine)
        {
            Line(text, $"- {name}: {value}");
        }

        List<Side> columns = [runtime, .. diagnostics, .. bare];
        text.Append('\n');
        text.Append("| metric | ").AppendJoin(" | ", columns.Select(c => c.Name)).AppendJoin("", bare.Select(b => $" | runtime ÷ {b.Name}")).Append(" |\n");
        text.Append("| --- |").Append(string.Concat(Enumerable.Repeat(" ---: |", columns.Count + bare.Count))).Append('\n');
        Row(text, "events/s, start → lag 0 (higher is better)", runtime, columns, bare, r => r.EventsPerSecond, "N0");
        Row(text, "events/s, start → last output written", runtime, columns, bare, r => r.EventsPerSecondToOutputs, "N0");
        Row(text, "output records/s (actions + audit for the runtime)", runtime, columns, bare, r => r.OutputsPerSecond, "N0");
        Row(text, "actions/s (records on the actions topic)", runtime, columns, bare, r => r.ActionsPerSecond, "N0");
        Row(text, "bytes per output record (value + headers, sampled)", runtime, columns, bare, r => r.OutputRecordBytes, "N0");
        Row(text, "start → first output, ms", runtime, columns, bare, r => r.Times.FirstOutput.TotalMilliseconds, "N0");
        Row(text, "last output → lag 0 (commit wait), ms", runtime, columns, bare, r => (r.Times.Committed - r.Times.Outputs).TotalMilliseconds, "N0");
        Row(text, "bench process CPU per event, µs (worker or loop + watcher)", runtime, columns, bare, r => r.ProcessCpuPerEventMicros, "N0");
        Row(text, "bench process managed allocations per event, KiB", runtime, columns, bare, r => r.AllocatedKibPerEvent, "N1");
        Row(text, "broker CPU per event, µs", runtime, columns, bare, r => r.BrokerCpuPerEventMicros, "N0");
        text.Append('\n');
        Line(text, $"Every repeat, in run order (times: first output s / last output s / lag 0 s; CPU: bench process s / broker s; GC: bench process collections gen0/gen1/gen2, paused s):");
        text.Append('\n');
        Line(text, $"| side | events/s to lag 0 | times | CPU | GC |");
        Line(text, $"| --- | --- | --- | --- | --- |");
        foreach (var side in columns.Where(c => c.Runs.Count > 0))
        {
            var rates = string.Join("; ", side.Runs.Select(r => r.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
            var times = string.Join("; ", side.Runs.Select(r => Format($"{r.Times.FirstOutput.TotalSeconds:N2} / {r.Times.Outputs.TotalSeconds:N2} / {r.Times.Committed.TotalSeconds:N2}")));
            var cpu = string.Join("; ", side.Runs.Select(r => Format($"{r.ProcessCpu.TotalSeconds:N2} / {r.BrokerCpu.TotalSeconds:N2}")));
            var gc = string.Join("; ", side.Runs.Select(r => Format($"{r.Gc.Gen0}/{r.Gc.Gen1}/{r.Gc.Gen2}, {r.Gc.Paused.TotalSeconds:N2}")));
            Line(text, $"| {side.Name} | {rates} | {times} | {cpu} | {gc} |");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string metric, Side runtime, List<Side> columns, IReadOnlyList<Side> bare, Func<PipelineResult, double> value, string format)
    {
        var medians = columns.Select(c => Median(c.Runs.Select(value))).ToList();
        var own = Median(runtime.Runs.Select(value));
        var ratios = bare.Select(b => Median(b.Runs.Select(value)) is { } y && own is { } x && y != 0 ? Format($"{x / y:N2}×") : NotRun);
        text.Append("| ").Append(metric).Append(" | ")
            .AppendJoin(" | ", medians.Select(m => m?.ToString(format, CultureInfo.InvariantCulture) ?? NotRun))
            .AppendJoin("", ratios.Select(r => $" | {r}")).Append(" |\n");
    }

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

    private static string Format(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>A column of the report: a side's name and its runs.</summary>
    public sealed record Side(string Name, IReadOnlyList<PipelineResult> Runs);
}
