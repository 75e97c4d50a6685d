using Ambient.Broker.Producers;

namespace Ambient.Broker.Storage;

/// <summary>
/// Loads a partition's log at start-up (Kafka's <c>LogLoader</c>). Segments that may not have reached
/// the disk (the active one, and any rolled after the recovery point) are CRC-checked; the first torn
/// or corrupt batch ends the log there. Replaying every batch also rebuilds the producer state.
/// </summary>
internal static class PartitionLogLoader
{
    public static (LogSegment[] Segments, ProducerStateTable Producers, RecoveryPoint RecoveryPoint) Load(
        string directory, TopicConfig config, TimeProvider time, Action<string>? onRecovery)
    {
        Directory.CreateDirectory(directory);
        DeleteLeftovers(directory);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var baseOffsets = Directory.EnumerateFiles(directory, "*.log")
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), out var offset) ? offset : -1)
            .Where(offset => offset >= 0)
            .Order()
            .ToList();
        var producers = new ProducerStateTable();
        var recoveryPoint = RecoveryPoint.Load(directory);
        var segments = new List<LogSegment>();
        for (var i = 0; i < baseOffsets.Count; i++)
        {
            var isLast = i == baseOffsets.Count - 1;
            var mayBeUnflushed = isLast || baseOffsets[i + 1] > recoveryPoint.Offset;
            var segment = LogSegment.Open(directory, baseOffsets[i], nowMs, config.IndexIntervalBytes, verifyCrc: mayBeUnflushed, header => producers.Update(header), out var truncation);
            segments.Add(segment);
            if (truncation is not null)
            {
                // The log must stay a prefix of what was written: later segments go with the torn one, as in Kafka.
                var later = baseOffsets.Skip(i + 1).ToList();
                foreach (var baseOffset in later)
                {
                    File.Delete(Path.Combine(directory, LogSegment.FileName(baseOffset, ".log")));
                    File.Delete(Path.Combine(directory, LogSegment.FileName(baseOffset, ".index")));
                }

                onRecovery?.Invoke(later.Count == 0 ? truncation : $"{truncation}; removed the {later.Count} later segment(s)");
                break;
            }
        }

        if (segments.Count == 0)
        {
            segments.Add(LogSegment.Create(directory, 0, nowMs));
        }

        return ([.. segments], producers, recoveryPoint);
    }

    /// <summary>
    /// Removes what an interrupted compaction or a retired segment whose delayed delete never ran left
    /// behind: none of it is part of the log.
    /// </summary>
    private static void DeleteLeftovers(string directory)
    {
        var cleaning = Path.Combine(directory, ".cleaning");
        if (Directory.Exists(cleaning))
        {
            Directory.Delete(cleaning, recursive: true);
        }

        foreach (var leftover in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".deleted", StringComparison.Ordinal) || f.EndsWith(".cleaned", StringComparison.Ordinal)))
        {
            File.Delete(leftover);
        }
    }
}
