using System.Globalization;
using Ambient.Abstractions.Processing;
using Ambient.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Governance.Drift;

/// <summary>Settings of the daily drift summaries, under <c>Ambient:Drift</c>.</summary>
public sealed class DriftSummaryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Drift";

    /// <summary>Whether this process writes the daily summaries (the executor does by default).</summary>
    public bool Summaries { get; set; } = true;

    /// <summary>How many finished days back a starting process checks for a missing summary (a week of downtime is caught up).</summary>
    public int Days { get; set; } = 7;

    /// <summary>How long after midnight UTC a day is summarised: audit records of its last runs may still be on their way.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Writes the daily drift summaries: once a UTC day is over, every agent's audit of that day, per version, as one record
/// of the compacted drift topic, then a marker (<c>~day/yyyy-MM-dd</c>) saying the day is done. A starting process
/// catches up the last <see cref="DriftSummaryOptions.Days"/> days without a marker. Replicas may each write a day: the
/// same audit gives the same records. An audit record appended after its day was summarised is not in the summary.
/// </summary>
public sealed partial class DriftSummaryService(DriftHistory history, IRecordPublisher publisher, string driftTopic, DriftSummaryOptions options, TimeProvider time,
    ILogger<DriftSummaryService> logger) : BackgroundService
{
    /// <summary>Prefix of the keys that mark a day as summarised; no agent's name starts with it.</summary>
    public const string DayMarkerPrefix = "~day/";

    private static readonly TimeSpan s_retry = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HashSet<DateOnly>? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                done ??= await SummarisedDaysAsync(stoppingToken);
                foreach (var day in DaysToSummarise().Where(d => !done.Contains(d)))
                {
                    await SummariseAsync(day, stoppingToken);
                    done.Add(day);
                }

                await Task.Delay(UntilNextDay(), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Confluent.Kafka.KafkaException or KafkaOperationException)
            {
                // Kafka away or a topic missing: tried again later; a day is summarised late, never lost while the audit keeps it.
                LogFailed(logger, s_retry.TotalMinutes, ex.Message);
                await Task.Delay(s_retry, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Summarises one UTC day: its summaries, then its marker.</summary>
    public async Task<int> SummariseAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var summaries = (await history.FromAuditAsync(null, start, start.AddDays(1), cancellationToken)).Where(s => s.Day == day).ToList();
        await Task.WhenAll(summaries.Select(s => publisher.PublishAsync(new OutgoingRecord(driftTopic, s.Key, s.ToJson(), s_headers), cancellationToken)));
        var marker = System.Text.Encoding.UTF8.GetBytes($"{{\"day\":\"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\",\"summaries\":{summaries.Count}}}");
        await publisher.PublishAsync(new OutgoingRecord(driftTopic, DayMarkerPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), marker, s_headers), cancellationToken);
        LogSummarised(logger, day, summaries.Count);
        return summaries.Count;
    }

    private static readonly Dictionary<string, string> s_headers = new(StringComparer.Ordinal) { ["content-type"] = "application/json" };

    // The finished days a summary is due for, oldest first.
    private IEnumerable<DateOnly> DaysToSummarise()
    {
        var lastDone = DateOnly.FromDateTime((time.GetUtcNow() - options.Delay).UtcDateTime).AddDays(-1);
        return Enumerable.Range(0, Math.Max(options.Days, 1)).Select(back => lastDone.AddDays(-back)).Reverse();
    }

    // Today's run (midnight UTC plus the delay) if it is still ahead, else tomorrow's.
    private TimeSpan UntilNextDay()
    {
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + options.Delay;
        return (today > now ? today : today.AddDays(1)) - now;
    }

    private async Task<HashSet<DateOnly>> SummarisedDaysAsync(CancellationToken cancellationToken)
    {
        var keys = await history.KeysAsync(cancellationToken);
        return [.. keys.Where(k => k.StartsWith(DayMarkerPrefix, StringComparison.Ordinal))
            .Select(k => DateOnly.TryParseExact(k[DayMarkerPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .OfType<DateOnly>()];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift summaries of {Day} written: {Count} agent versions")]
    private static partial void LogSummarised(ILogger logger, DateOnly day, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift summaries could not be written; trying again in {Minutes} min: {Reason}")]
    private static partial void LogFailed(ILogger logger, double minutes, string reason);
}
