using System.Globalization;
using System.Runtime;
using System.Text;

namespace Ambient.Bench.Governance;

/// <summary>The markdown report of <c>ambient-bench governance</c>: one section per measurement that ran.</summary>
internal static class GovernanceReport
{
    private const double MiB = 1024.0 * 1024;

    public static string Render(GovernanceBenchOptions options, string commandLine, IEnumerable<(string Name, string Value)> machine,
        ParkedResult? parked, KillSwitchResult? killSwitch, ApprovalResult? approval)
    {
        var report = new StringBuilder();
        Line(report, $"Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC: `{commandLine}`");
        Line(report, $"Embedded broker (`ambient broker`) as a child process; workers and executor as hosts in the bench process; offline model. Percentiles are nearest rank (with fewer than 100 samples p99 is the largest).");
        report.AppendLine();
        foreach (var (name, value) in machine)
        {
            Line(report, $"- {name}: {value}");
        }

        if (killSwitch is not null)
        {
            KillSwitch(report, options, killSwitch);
        }

        if (approval is not null)
        {
            Approval(report, approval);
        }

        if (parked is not null)
        {
            Parked(report, parked);
        }

        return report.ToString();
    }

    private static void KillSwitch(StringBuilder report, GovernanceBenchOptions options, KillSwitchResult result)
    {
        var samples = result.Samples;
        report.AppendLine();
        Line(report, $"**Kill switch**: {options.Workers} workers (one consumer group, github-triage as shipped: 4 runs in flight each), {options.Rate} events/s; `pause --all` written {samples.Count} times, each held {options.Hold.TotalSeconds:0} s, then `resume --all`. Times from the pause's acknowledgement.");
        report.AppendLine();
        report.AppendLine("| measurement | p50 | p99 | max |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        Row(report, "last step of any kind started, ms", samples.Select(s => s.LastStepMs), "F1");
        Row(report, "last model call (`reason` step) started, ms", samples.Select(s => s.LastModelCallMs), "F1");
        Row(report, "last checkpoint written (workers quiet), ms", samples.Select(s => s.LastCheckpointMs), "F1");
        Row(report, "steps started after the ack, per pause", samples.Select(s => (double)s.StepsAfterAck), "F0");
        Row(report, "model calls started after the ack, per pause", samples.Select(s => (double)s.ModelCallsAfterAck), "F0");
        Row(report, "runs in flight when the pause was written", samples.Select(s => (double)s.InFlight), "F0");
        report.AppendLine();
        Line(report, $"Every pause (last step / last model call, ms): {string.Join("; ", samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.LastStepMs:F0} / {s.LastModelCallMs:F0}")))}");
        Line(report, $"After the last resume: {result.Audited:N0} of {result.Published:N0} events ran to their audit record; {result.DeadLettered:N0} dead-lettered.");
    }

    private static void Approval(StringBuilder report, ApprovalResult result)
    {
        var samples = result.Samples;
        report.AppendLine();
        Line(report, $"**Approval answer → action applied**: one worker and the executor (GitHub `apply` against a local GitHub); {samples.Count} runs one at a time, each parked at `{ApprovalMeasurement.PlanTool}` and approved as `ambient approvals approve` does. Times from the answer's acknowledgement.");
        report.AppendLine();
        report.AppendLine("| measurement | p50 | p99 | max |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        Row(report, "approved plan action on `ambient.actions` (worker), ms", samples.Select(s => s.ActionMs), "F1");
        Row(report, "its final ledger entry, `applied`, on `ambient.action-results` (executor), ms", samples.Select(s => s.AppliedMs), "F1");
        report.AppendLine();
        Line(report, $"Comments the local GitHub received: {result.Comments:N0} (a triage comment and a plan per run, warm-up included).");
    }

    private static void Parked(StringBuilder report, ParkedResult result)
    {
        report.AppendLine();
        Line(report, $"**Memory per parked run**: one worker, every github-triage run parked at its first call (`github.add_labels` needs approval; nobody answers). After a full compacting GC, with {result.Warm:N0} runs parked (baseline) and with {result.Parked:N0}; per run = difference ÷ {result.Measured:N0}.");
        report.AppendLine();
        report.AppendLine("| memory of the bench process (hosts the worker) | baseline | all parked | per parked run |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        Memory(report, "live managed objects", result.Baseline.LiveBytes, result.After.LiveBytes, result.LivePerRun);
        Memory(report, "managed heap (after the GC)", result.Baseline.HeapBytes, result.After.HeapBytes, result.HeapPerRun);
        Memory(report, "GC committed", result.Baseline.CommittedBytes, result.After.CommittedBytes,
            (result.After.CommittedBytes - result.Baseline.CommittedBytes) / (double)result.Measured);
        Memory(report, "working set (RSS)", result.Baseline.WorkingSetBytes, result.After.WorkingSetBytes, result.WorkingSetPerRun);
        report.AppendLine();
        var how = result.Parked >= 100_000 ? "measured" : $"extrapolated from {result.Parked:N0} at the per-run managed heap: a lower bound";
        Line(report, $"**100,000 parked runs: working set {result.WorkingSetAt100k / MiB:N0} MiB ({how}); goal 1 GiB: {(result.FitsInOneGiB ? "met" : "not met")}.**");
        Line(report, $"Setting up: {result.Measured:N0} events of {result.EventBytes:N0} bytes published in {result.Publish.TotalSeconds:F1} s, all parked {result.Setup.TotalSeconds:F0} s after the first ({result.Measured / result.Setup.TotalSeconds:N0} runs/s); the approvals topic holds {result.Requests:N0} requests, the checkpoints topic {result.Checkpoints:N0} records.");
        var sizes = result.Sizes;
        Line(report, $"One parked run as written: {sizes.Steps:F1} steps whose JSON states total {sizes.StateBytes:N0} bytes ({sizes.ParkedStateBytes:N0} of them the parked step's), with {sizes.ReplyBytes:N0} bytes of model reply; its approval request {sizes.RequestBytes:N0} bytes of JSON. The worker's checkpoint journal keeps the parked step whole (its state as UTF-8) and the outline of the others, and its approvals view each request's outline and bytes.");
        var limit = Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is { } hard ? $"`DOTNET_GCHeapHardLimit={hard}`" : "no heap hard limit: the machine's memory";
        Line(report, $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, memory it may use {result.After.GcLimitBytes / MiB:N0} MiB ({limit}).");
        if (result.HeapReport is { } heap)
        {
            report.AppendLine();
            report.AppendLine(heap.TrimEnd());
        }
    }

    private static void Memory(StringBuilder report, string name, long baseline, long after, double perRun) =>
        Line(report, $"| {name} | {baseline / MiB:N0} MiB | {after / MiB:N0} MiB | {perRun / 1024:N2} KiB |");

    private static void Row(StringBuilder report, string name, IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToArray();
        string At(double p) => sorted.Length == 0 ? "n/a" : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)].ToString(format, CultureInfo.InvariantCulture);
        Line(report, $"| {name} | {At(0.50)} | {At(0.99)} | {At(1.0)} |");
    }

    private static void Line(StringBuilder report, FormattableString text) => report.AppendLine(text.ToString(CultureInfo.InvariantCulture));
}
