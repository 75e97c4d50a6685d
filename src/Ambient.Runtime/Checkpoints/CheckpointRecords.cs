using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Applies records read from the checkpoints topic to run journals. A record that cannot be decoded is named
/// (topic/partition/offset, key, error kind), copied to the dead-letter topic and skipped: one bad record must not
/// stop a partition's restore, and the copy keeps its bytes for whoever can read or repair them.
/// </summary>
internal static class CheckpointRecords
{
    /// <summary>Applies <paramref name="record"/> (a head, a step, or a tombstone of either) to <paramref name="journal"/>.</summary>
    /// <returns>False when the record was unreadable and dead-lettered instead.</returns>
    public static async Task<bool> ApplyAsync(ICheckpointLog log, RunJournal journal, CheckpointLogRecord record, int? stepIndex, string reader, ILogger logger,
        CancellationToken cancellationToken)
    {
        try
        {
            switch (stepIndex, record.Value)
            {
                case (null, null):
                    journal.RemoveHead();
                    break;
                case (null, { } head):
                    journal.Apply(await log.Codec.DecodeHeadAsync(head, cancellationToken));
                    break;
                case ({ } index, null):
                    journal.RemoveStep(index);
                    break;
                case (_, { } step):
                    journal.Apply(await log.Codec.DecodeStepAsync(step, cancellationToken));
                    break;
            }

            return true;
        }
        catch (RecordFormatException ex)
        {
            logger.LogUnreadableCheckpoint(reader, log.Topic, record.Partition, record.Offset, record.Key, ex.ErrorKind, ex.Message);
            await log.DeadLetterAsync(record, reader, ex, cancellationToken);
            return false;
        }
    }
}
