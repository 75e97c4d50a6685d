using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;

namespace Ambient.Governance.Drift;

/// <summary>
/// An agent's behaviour by day and version: the daily summaries of the compacted drift topic for the days they cover,
/// and the audit itself for the days after (today, or days no summary was written for yet).
/// </summary>
/// <param name="kafka">Where and as whom to read.</param>
/// <param name="auditTopic">The audit topic (<c>ambient.audit</c>).</param>
/// <param name="driftTopic">The daily summaries (<c>ambient.agent.drift</c>).</param>
/// <param name="audits">The audit records' codec.</param>
public sealed class DriftHistory(AmbientKafkaOptions kafka, string auditTopic, string driftTopic, IRecordCodec<AuditRecord> audits)
{
    /// <summary>Header of audit records naming their agent, so other agents' records are skipped without decoding them.</summary>
    public const string AgentHeader = "ambient-agent";

    /// <summary>Every summary written for <paramref name="agent"/> (or for every agent when null), latest per key.</summary>
    /// <exception cref="InvalidOperationException">The drift topic does not exist, or Kafka did not deliver it in time.</exception>
    public Task<IReadOnlyList<DailyDriftSummary>> SummariesAsync(string? agent, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var latest = new Dictionary<string, DailyDriftSummary>(StringComparer.Ordinal);
        WholeTopic.Read(kafka, driftTopic, record =>
        {
            if (record.Message.Key is { } key && (agent is null || key.StartsWith(agent + "/", StringComparison.Ordinal)))
            {
                if (DailyDriftSummary.FromJson(record.Message.Value) is { } summary && summary.Key == key)
                {
                    latest[key] = summary;
                }
                else
                {
                    latest.Remove(key);
                }
            }
        }, cancellationToken);
        return (IReadOnlyList<DailyDriftSummary>)[.. latest.Values];
    }, cancellationToken);

    /// <summary>The keys on the drift topic that hold a record (summaries and day markers).</summary>
    public Task<IReadOnlyCollection<string>> KeysAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        WholeTopic.Read(kafka, driftTopic, record =>
        {
            if (record.Message.Key is not { } key)
            {
                return;
            }

            if (record.Message.Value is { Length: > 0 })
            {
                keys.Add(key);
            }
            else
            {
                keys.Remove(key);
            }
        }, cancellationToken);
        return (IReadOnlyCollection<string>)keys;
    }, cancellationToken);

    /// <summary>
    /// The audit of [<paramref name="from"/>, <paramref name="to"/>) summarised per agent, UTC day and version, for
    /// <paramref name="agent"/> or every agent. The executor's outcomes count under the version of the run they came from.
    /// </summary>
    public Task<IReadOnlyList<DailyDriftSummary>> FromAuditAsync(string? agent, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => Task.Run(() =>
    {
        // Folded as it is read: a day's audit may be large, its summaries are a few records per agent.
        var days = new AuditDays();
        new TopicWindowReader(Microsoft.Extensions.Options.Options.Create(kafka)).ReadRecords<object>(auditTopic, from, to, message =>
        {
            if (agent is null || (message.Headers.TryGetLastBytes(AgentHeader, out var name) && System.Text.Encoding.UTF8.GetString(name) == agent))
            {
                try
                {
                    days.Add(audits.Decode(message.Value, cancellationToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Not an audit record this version reads (another writer's bytes): not part of any summary.
                }
            }

            return null;
        }, cancellationToken);
        return days.Summaries();
    }, cancellationToken);

    /// <summary>
    /// Every day of <paramref name="agent"/> from <paramref name="since"/> to <paramref name="now"/>: summaries where the
    /// day was summarised, the audit for the days after the last summarised one.
    /// </summary>
    public async Task<IReadOnlyList<DailyDriftSummary>> LoadAsync(string agent, DateOnly since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var summaries = (await SummariesAsync(agent, cancellationToken)).Where(s => s.Day >= since).ToList();
        var firstUnsummarised = summaries.Count == 0 ? since : summaries.Max(s => s.Day).AddDays(1);
        var start = new DateTimeOffset(firstUnsummarised.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return start < now ? [.. summaries, .. await FromAuditAsync(agent, start, now, cancellationToken)] : summaries;
    }

    /// <summary>Audit records summarised per agent, UTC day and version.</summary>
    public static IReadOnlyList<DailyDriftSummary> Summarise(IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var days = new AuditDays();
        foreach (var record in records)
        {
            days.Add(record);
        }

        return days.Summaries();
    }

    // Profiles per agent, UTC day and version, added to record by record. The executor's records carry no version: they
    // count under their run's, once the run's own record was seen (it may come later, from another partition).
    private sealed class AuditDays
    {
        private readonly Dictionary<(string Agent, DateOnly Day, string Version), DriftProfile> _profiles = [];
        private readonly Dictionary<string, string> _runVersions = new(StringComparer.Ordinal);
        private readonly List<AuditRecord> _unattributed = [];

        public void Add(AuditRecord record)
        {
            if (record.PromptHash.Length == 0)
            {
                _unattributed.Add(record with { ReasoningSummary = null, ContextSummary = null, Decisions = [] });
                return;
            }

            _runVersions[record.RunId] = record.PromptHash;
            Profile(record, record.PromptHash).Add(record);
        }

        public IReadOnlyList<DailyDriftSummary> Summaries()
        {
            foreach (var record in _unattributed)
            {
                if (_runVersions.TryGetValue(record.RunId, out var version))
                {
                    Profile(record, version).Add(record);
                }
            }

            return [.. _profiles.Where(p => p.Value.Runs > 0 || p.Value.ActionOutcomes.Count > 0)
                .Select(p => new DailyDriftSummary(p.Key.Agent, p.Key.Day, p.Key.Version, p.Value))];
        }

        private DriftProfile Profile(AuditRecord record, string version)
        {
            var key = (record.Agent, DateOnly.FromDateTime(record.Time.UtcDateTime), version);
            if (!_profiles.TryGetValue(key, out var profile))
            {
                _profiles[key] = profile = new DriftProfile();
            }

            return profile;
        }
    }
}
