using System.Globalization;

namespace Ambient.Broker.Storage;

/// <summary>
/// A topic's configuration: the overrides given at creation on top of Kafka's defaults. Every Kafka
/// topic-level name is accepted (so Strimzi-style configs apply unchanged); the ones that matter to a
/// single-node broker are enforced, the rest are stored and reported by DescribeConfigs.
/// https://kafka.apache.org/documentation/#topicconfigs
/// </summary>
internal sealed class TopicConfig
{
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        ["cleanup.policy"] = "delete",
        ["compression.type"] = "producer",
        ["compression.gzip.level"] = "-1",
        ["compression.lz4.level"] = "9",
        ["compression.zstd.level"] = "3",
        ["delete.retention.ms"] = "86400000",
        ["file.delete.delay.ms"] = "60000",
        ["flush.messages"] = "9223372036854775807",
        ["flush.ms"] = "9223372036854775807",
        ["follower.replication.throttled.replicas"] = "",
        ["index.interval.bytes"] = "4096",
        ["leader.replication.throttled.replicas"] = "",
        ["local.retention.bytes"] = "-2",
        ["local.retention.ms"] = "-2",
        ["max.compaction.lag.ms"] = "9223372036854775807",
        ["max.message.bytes"] = "1048588",
        ["message.timestamp.after.max.ms"] = "3600000",
        ["message.timestamp.before.max.ms"] = "9223372036854775807",
        ["message.timestamp.type"] = "CreateTime",
        ["min.cleanable.dirty.ratio"] = "0.5",
        ["min.compaction.lag.ms"] = "0",
        ["min.insync.replicas"] = "1",
        ["preallocate"] = "false",
        ["remote.storage.enable"] = "false",
        ["retention.bytes"] = "-1",
        ["retention.ms"] = "604800000",
        ["segment.bytes"] = "1073741824",
        ["segment.index.bytes"] = "10485760",
        ["segment.jitter.ms"] = "0",
        ["segment.ms"] = "604800000",
        ["unclean.leader.election.enable"] = "false",
    };

    private readonly IReadOnlyDictionary<string, string> _brokerDefaults;

    private TopicConfig(IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, string> brokerDefaults)
    {
        Overrides = overrides;
        _brokerDefaults = brokerDefaults;
        var policy = Get("cleanup.policy").Split(',', StringSplitOptions.TrimEntries);
        IsCompacted = policy.Contains("compact");
        IsDeleteRetained = policy.Contains("delete");
        DeleteRetentionMs = GetInt64("delete.retention.ms");
        FileDeleteDelayMs = GetInt64("file.delete.delay.ms");
        FlushMessages = GetInt64("flush.messages");
        IndexIntervalBytes = (int)GetInt64("index.interval.bytes");
        MaxMessageBytes = (int)GetInt64("max.message.bytes");
        IsLogAppendTime = Get("message.timestamp.type") == "LogAppendTime";
        MinCleanableDirtyRatio = double.Parse(Get("min.cleanable.dirty.ratio"), CultureInfo.InvariantCulture);
        MinCompactionLagMs = GetInt64("min.compaction.lag.ms");
        RetentionBytes = GetInt64("retention.bytes");
        RetentionMs = GetInt64("retention.ms");
        SegmentBytes = (int)GetInt64("segment.bytes");
        SegmentMs = GetInt64("segment.ms");
    }

    /// <summary>The values set explicitly for this topic.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; }

    public bool IsCompacted { get; }

    public bool IsDeleteRetained { get; }

    public long DeleteRetentionMs { get; }

    public long FileDeleteDelayMs { get; }

    public long FlushMessages { get; }

    public int IndexIntervalBytes { get; }

    public int MaxMessageBytes { get; }

    public bool IsLogAppendTime { get; }

    public double MinCleanableDirtyRatio { get; }

    public long MinCompactionLagMs { get; }

    public long RetentionBytes { get; }

    public long RetentionMs { get; }

    public int SegmentBytes { get; }

    public long SegmentMs { get; }

    public static TopicConfig Default { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>The effective value: the topic's override, else the broker's default, else Kafka's.</summary>
    public string Get(string name) =>
        Overrides.TryGetValue(name, out var value) || _brokerDefaults.TryGetValue(name, out value) ? value : Defaults[name];

    /// <summary>Where the effective value comes from, for DescribeConfigs.</summary>
    public bool IsOverridden(string name) => Overrides.ContainsKey(name);

    /// <summary>
    /// Validates overrides on top of broker defaults; <paramref name="error"/> names the offending config.
    /// </summary>
    public static TopicConfig Create(IReadOnlyDictionary<string, string?> overrides, IReadOnlyDictionary<string, string> brokerDefaults, out string? error)
    {
        foreach (var (name, value) in brokerDefaults)
        {
            error = Defaults.ContainsKey(name) ? Validate(name, value) : $"Unknown topic config name: {name}";
            if (error is not null)
            {
                error = "Broker topic default: " + error;
                return Default;
            }
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (!Defaults.ContainsKey(name))
            {
                error = $"Unknown topic config name: {name}";
                return Default;
            }

            if (value is null)
            {
                continue;
            }

            error = Validate(name, value);
            if (error is not null)
            {
                return Default;
            }

            values[name] = value;
        }

        error = null;
        return new TopicConfig(values, brokerDefaults);
    }

    private static string? Validate(string name, string value)
    {
        switch (name)
        {
            case "cleanup.policy":
                var parts = value.Split(',', StringSplitOptions.TrimEntries);
                return parts.Length is 0 or > 2 || parts.Any(p => p is not ("delete" or "compact"))
                    ? $"Invalid value {value} for configuration cleanup.policy: must be delete, compact or compact,delete."
                    : null;
            case "message.timestamp.type":
                return value is "CreateTime" or "LogAppendTime" ? null : $"Invalid value {value} for configuration {name}: must be CreateTime or LogAppendTime.";
            case "min.cleanable.dirty.ratio":
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
                    ? null
                    : $"Invalid value {value} for configuration {name}: must be a number between 0 and 1.";
            case "segment.bytes":
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var segmentBytes) && segmentBytes is >= 14 and <= int.MaxValue
                    ? null
                    : $"Invalid value {value} for configuration {name}: must be an integer between 14 and {int.MaxValue}.";
            case "index.interval.bytes" or "max.message.bytes":
                return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var intValue) && intValue is >= 0 and <= int.MaxValue
                    ? null
                    : $"Invalid value {value} for configuration {name}: must be a non-negative 32-bit integer.";
            default:
                if (Defaults[name].Length > 0 && long.TryParse(Defaults[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                    && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    return $"Invalid value {value} for configuration {name}: must be an integer.";
                }

                return null;
        }
    }

    private long GetInt64(string name) => long.Parse(Get(name), CultureInfo.InvariantCulture);
}
