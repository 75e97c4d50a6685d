using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Serialization;
using Ambient.Governance.Drift;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient agents drift --agent NAME [--baseline VERSION|WINDOW]</c>: how an agent's behaviour moved between a baseline
/// and the recent window, from the daily drift summaries and the audit, with every signal's numbers and the shifts
/// beyond the thresholds flagged (docs/agent-health.md#drift). Exits <see cref="ExitCodes.Drifted"/> when one is.
/// </summary>
internal static class AgentsDriftCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var (bootstrap, timeout) = (KafkaConnection.BootstrapOption(), KafkaConnection.TimeoutOption());
        var agent = new Option<string>("--agent") { Description = "The agent, as named in its file.", Required = true };
        var baseline = new Option<string?>("--baseline")
        {
            Description = "What to compare with: a version (its digest, or the start of it), or a window such as 14d (the days before the recent window). Default: the version before the current one.",
        };
        var window = new Option<int>("--window") { Description = "Days in the recent window, today included.", DefaultValueFactory = _ => 7 };
        var threshold = new Option<double>("--threshold") { Description = "Relative change of a mean (tokens, cost, actions per run, confidence) that is flagged.", DefaultValueFactory = _ => 0.25 };
        var shareThreshold = new Option<double>("--share-threshold") { Description = "Change of a rate or of the action mix that is flagged, in points of 1 (0.1 = ten percentage points).", DefaultValueFactory = _ => 0.10 };
        var minRuns = new Option<int>("--min-runs") { Description = "Runs each side needs before anything is flagged.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the comparison as JSON." };
        var command = new Command("drift", "Compare an agent's recent behaviour with a baseline: outcomes, action mix per event type, refusals, tokens, cost, confidence, model, action failures.")
        {
            agent, baseline, window, threshold, shareThreshold, minRuns, json, bootstrap, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(window) is < 1 or > 3650 || parse.GetValue(threshold) <= 0 || parse.GetValue(shareThreshold) is <= 0 or > 1 || parse.GetValue(minRuns) < 1)
            {
                await Console.Error.WriteLineAsync("error: --window must be 1 to 3650 days, --threshold above 0, --share-threshold above 0 and at most 1, --min-runs at least 1.");
                return ExitCodes.InvalidArguments;
            }

            return await KafkaConnection.WithHostAsync(parse.GetValue(bootstrap)!, parse.GetValue(timeout), host => RunAsync(host, parse.GetValue(agent)!, parse.GetValue(baseline),
                parse.GetValue(window), new DriftThresholds(parse.GetValue(threshold), parse.GetValue(shareThreshold), parse.GetValue(minRuns)), parse.GetValue(json), cancellationToken),
                builder => builder.Services.AddAmbientAvro(builder.Configuration));
        });
        return command;
    }

    private static async Task<int> RunAsync(IHost host, string agent, string? baseline, int windowDays, DriftThresholds thresholds, bool json, CancellationToken cancellationToken)
    {
        var topics = host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;
        var history = new DriftHistory(host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, topics.Audit, topics.AgentDrift,
            host.Services.GetRequiredService<IRecordCodec<AuditRecord>>());
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // A window baseline needs only its days and the recent ones; a version may have run any time the summaries or the audit keep.
        var since = DriftWindows.BaselineDays(baseline) is { } baselineDays ? today.AddDays(1 - windowDays - baselineDays) : DateOnly.MinValue;
        var days = await history.LoadAsync(agent, since, now, cancellationToken);
        DriftSide baselineSide, recentSide;
        try
        {
            (baselineSide, recentSide) = DriftWindows.Choose(days, baseline, windowDays, today);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {agent}: {ex.Message}");
            return ExitCodes.InvalidArguments;
        }

        var report = DriftComparison.Compare(baselineSide.Profile, recentSide.Profile, thresholds);
        await Console.Out.WriteLineAsync(json
            ? JsonSerializer.Serialize(new { agent, baseline = baselineSide.Label, recent = recentSide.Label, thresholds, report }, s_json)
            : Describe(agent, baselineSide, recentSide, thresholds, report));
        return report.Drifted ? ExitCodes.Drifted : ExitCodes.Success;
    }

    internal static string Describe(string agent, DriftSide baseline, DriftSide recent, DriftThresholds thresholds, DriftReport report)
    {
        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"Drift of {agent}");
        output.AppendLine(CultureInfo.InvariantCulture, $"  baseline  {baseline.Label}: {report.BaselineRuns} runs");
        output.AppendLine(CultureInfo.InvariantCulture, $"  recent    {recent.Label}: {report.RecentRuns} runs");
        output.AppendLine(CultureInfo.InvariantCulture,
            $"  flagged   means moving {thresholds.MeanChange * 100:0.#}% or more, rates and mix moving {thresholds.ShareChange * 100:0.#} points or more, with {thresholds.MinimumRuns} runs on each side");
        output.AppendLine();
        output.AppendLine(CultureInfo.InvariantCulture, $"  {"SIGNAL",-58} {"BASELINE",10} {"RECENT",10} {"CHANGE",10}");
        foreach (var shift in report.Shifts)
        {
            output.AppendLine(CultureInfo.InvariantCulture,
                $"{(shift.Flagged ? "! " : "  ")}{Truncate(shift.Signal, 58),-58} {Value(shift, shift.Baseline),10} {Value(shift, shift.Recent),10} {Change(shift),10}");
        }

        output.AppendLine();
        output.Append(report.TooFewRuns is { } tooFew
            ? $"Not compared: {tooFew}."
            : report.Drifted ? $"{report.Shifts.Count(s => s.Flagged)} signals shifted beyond their thresholds." : "No signal shifted beyond its threshold.");
        return output.ToString();
    }

    private static string Value(DriftShift shift, double value) => shift.Measure == DriftMeasure.Share
        ? string.Create(CultureInfo.InvariantCulture, $"{value * 100:0.#}%")
        : value.ToString(value >= 100 ? "N0" : "0.####", CultureInfo.InvariantCulture);

    private static string Change(DriftShift shift) => shift.Measure == DriftMeasure.Share
        ? string.Create(CultureInfo.InvariantCulture, $"{shift.Change * 100:+0.#;-0.#;0} pts")
        : double.IsPositiveInfinity(shift.Change) ? "new" : shift.Change.ToString("+0%;-0%;0%", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
