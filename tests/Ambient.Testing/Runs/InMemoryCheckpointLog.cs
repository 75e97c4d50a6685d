using System.Runtime.CompilerServices;
using Ambient.Abstractions.Checkpoints;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Testing.Runs;

/// <summary>
/// The checkpoints topic in memory: partitions of records in write order, each with its offset, read as the Kafka log
/// is (from the start, or from an offset, to the end it had when the read began), encoded with the worker's Avro codecs.
/// Like a compacted topic before the cleaner ran, it keeps every record until <see cref="Compact"/> is called. Writes
/// can be made to fail (<see cref="FailWrites"/>) to test what a run does when the broker does not acknowledge.
/// </summary>
public sealed class InMemoryCheckpointLog(int partitions = 1, string topic = "ambient.checkpoints") : ICheckpointLog
{
    private readonly Lock _lock = new();
    private readonly List<CheckpointLogRecord>[] _partitions = [.. Enumerable.Range(0, partitions).Select(_ => new List<CheckpointLogRecord>())];
    private readonly List<(CheckpointLogRecord Record, string Reader, Exception Failure)> _deadLetters = [];
    private Exception? _writeFailure;
    private int _writesBeforeFailure;

    /// <inheritdoc/>
    public string Topic => topic;

    /// <inheritdoc/>
    public CheckpointCodec Codec { get; } = AmbientRecordReader.Services.GetRequiredService<CheckpointCodec>();

    /// <summary>Calls of <see cref="WriteAsync"/> so far, acknowledged or not.</summary>
    public int Writes { get; private set; }

    /// <summary>Reads from the start of a partition (<see cref="ReadAsync"/>) so far.</summary>
    public int FullReads { get; private set; }

    /// <summary>The offsets <see cref="ReadFromAsync"/> was asked to read from, in order.</summary>
    public List<long> ReadsFrom { get; } = [];

    /// <summary>The offset the next record of <paramref name="partition"/> gets.</summary>
    public long EndOffset(int partition = 0)
    {
        lock (_lock)
        {
            return _partitions[partition] is [.., var last] ? last.Offset + 1 : 0;
        }
    }

    /// <summary>Writes a step checkpoint to its input's partition, as the runtime does (for tests that set up a log by hand).</summary>
    public async Task AppendAsync(Checkpoint step)
    {
        ArgumentNullException.ThrowIfNull(step);
        await WriteAsync(step.Input.Partition, [new(CheckpointKeys.Step(step.RunId, step.StepIndex), await Codec.EncodeAsync(step))], CancellationToken.None);
    }

    /// <summary>Writes a run's head record to its input's partition.</summary>
    public async Task AppendAsync(RunHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        await WriteAsync(head.Input.Partition, [new(CheckpointKeys.Head(head.RunId), await Codec.EncodeAsync(head))], CancellationToken.None);
    }

    /// <summary>Records copied to the dead-letter topic, with who could not read them and why.</summary>
    public IReadOnlyList<(CheckpointLogRecord Record, string Reader, Exception Failure)> DeadLetters
    {
        get
        {
            lock (_lock)
            {
                return [.. _deadLetters];
            }
        }
    }

    /// <summary>
    /// After <paramref name="after"/> more acknowledged writes, every write fails with <paramref name="failure"/> (its records
    /// are not appended) until <see cref="HealWrites"/>.
    /// </summary>
    public void FailWrites(Exception failure, int after = 0)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        lock (_lock)
        {
            (_writeFailure, _writesBeforeFailure) = (failure, after);
        }
    }

    /// <summary>Writes are acknowledged again.</summary>
    public void HealWrites()
    {
        lock (_lock)
        {
            _writeFailure = null;
        }
    }

    /// <summary>The records of <paramref name="partition"/>, in offset order.</summary>
    public IReadOnlyList<CheckpointLogRecord> Records(int partition = 0)
    {
        lock (_lock)
        {
            return [.. _partitions[partition]];
        }
    }

    /// <summary>
    /// The latest checkpoint of each step of <paramref name="runId"/> on <paramref name="partition"/>, by step index (what a
    /// reader of the compacted topic ends up with); a tombstoned step is absent.
    /// </summary>
    public async Task<IReadOnlyList<Checkpoint>> StepsAsync(string runId, int partition = 0)
    {
        var latest = new SortedDictionary<int, byte[]?>();
        foreach (var record in Records(partition))
        {
            if (CheckpointKeys.Parse(record.Key) is var (run, step) && run == runId && step is { } index)
            {
                latest[index] = record.Value;
            }
        }

        var steps = new List<Checkpoint>();
        foreach (var value in latest.Values.OfType<byte[]>())
        {
            steps.Add(await Codec.DecodeStepAsync(value));
        }

        return steps;
    }

    /// <summary>The latest head record of <paramref name="runId"/>, or null when it has none (or it was tombstoned).</summary>
    public async Task<RunHead?> HeadAsync(string runId, int partition = 0) =>
        Records(partition).LastOrDefault(r => r.Key == CheckpointKeys.Head(runId)) is { Value: { } value } ? await Codec.DecodeHeadAsync(value) : null;

    /// <summary>
    /// What the log cleaner does to a compacted topic: keeps only the latest record of each key, and drops keys whose
    /// latest record is a tombstone (past <c>delete.retention.ms</c>). Offsets do not change; they get gaps.
    /// </summary>
    public void Compact()
    {
        lock (_lock)
        {
            foreach (var records in _partitions)
            {
                var latest = records.GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => g.Last()).Where(r => r.Value is not null).Select(r => r.Offset).ToHashSet();
                records.RemoveAll(r => !latest.Contains(r.Offset));
            }
        }
    }

    /// <inheritdoc/>
    public Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_lock)
        {
            Writes++;
            if (_writeFailure is { } failure)
            {
                if (_writesBeforeFailure == 0)
                {
                    // Not acknowledged, and not in the log: a produce that failed for good.
                    return Task.FromException(failure);
                }

                _writesBeforeFailure--;
            }

            var log = _partitions[partition];
            foreach (var (key, value) in records)
            {
                log.Add(new CheckpointLogRecord(key, value, partition, log.Count == 0 ? 0 : log[^1].Offset + 1));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CheckpointLogRecord> ReadAsync(int partition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            FullReads++;
        }

        return SnapshotAsync(partition, 0, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<CheckpointLogRecord> ReadFromAsync(int partition, long offset, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ReadsFrom.Add(offset);
        }

        return SnapshotAsync(partition, offset, cancellationToken);
    }

    private async IAsyncEnumerable<CheckpointLogRecord> SnapshotAsync(int partition, long offset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The end it had when the read began: later writes are not read.
        foreach (var record in Records(partition).Where(r => r.Offset >= offset))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return record;
        }
    }

    /// <inheritdoc/>
    public Task<int> PartitionCountAsync(CancellationToken cancellationToken) => Task.FromResult(_partitions.Length);

    /// <inheritdoc/>
    public Task DeadLetterAsync(CheckpointLogRecord record, string reader, Exception failure, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _deadLetters.Add((record, reader, failure));
        }

        return Task.CompletedTask;
    }
}
