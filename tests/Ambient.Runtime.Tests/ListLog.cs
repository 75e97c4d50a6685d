using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Runtime.Tests;

/// <summary>Partition 0 of a checkpoints topic as a list of Avro records, remembering how it was read.</summary>
internal sealed class ListLog : ICheckpointLog
{
    private readonly List<CheckpointLogRecord> _records = [];

    public string Topic => "checkpoints";

    public CheckpointCodec Codec { get; } = AmbientRecordReader.Services.GetRequiredService<CheckpointCodec>();

    public long Count => _records.Count;

    public List<long> ReadsFrom { get; } = [];

    public int FullReads { get; private set; }

    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    // Every run here processed the same event: steps and heads must agree on it.
    private static readonly RunInput s_input = new("events", 0, 7, "event-1", "com.github.issues.opened");

    /// <summary>A step of a run on input <c>events/0@7</c> with an empty conversation.</summary>
    public static Checkpoint Step(string runId, string agent, int index, string name, string status, int? parent = null) =>
        new(runId, agent, "1", s_input, index, name, status, parent ?? (index == 0 ? null : index - 1),
            JsonText.From(JsonSerializer.SerializeToElement(new { turns = Array.Empty<object>() })), [], [], s_now, s_now);

    /// <summary>A run's steps, then its head (the status of its last step).</summary>
    public async Task AppendRunAsync(string runId, string agent, params (string Name, string Status)[] steps)
    {
        for (var index = 0; index < steps.Length; index++)
        {
            await AppendAsync(Step(runId, agent, index, steps[index].Name, steps[index].Status));
        }

        var last = steps[^1];
        var head = new RunHead(runId, agent, "1", s_input, steps.Length - 1, last.Name, last.Status, s_now, s_now);
        _records.Add(new(CheckpointKeys.Head(runId), await Codec.EncodeAsync(head), 0, _records.Count));
    }

    public async Task AppendAsync(Checkpoint step) =>
        _records.Add(new(CheckpointKeys.Step(step.RunId, step.StepIndex), await Codec.EncodeAsync(step), 0, _records.Count));

    public Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The cache only reads.");

    public async IAsyncEnumerable<CheckpointLogRecord> ReadAsync(int partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FullReads++;
        foreach (var record in _records.ToList())
        {
            await Task.Yield();
            yield return record;
        }
    }

    public async IAsyncEnumerable<CheckpointLogRecord> ReadFromAsync(int partition, long offset, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ReadsFrom.Add(offset);
        foreach (var record in _records.Skip((int)offset).ToList())
        {
            await Task.Yield();
            yield return record;
        }
    }

    public Task<int> PartitionCountAsync(CancellationToken cancellationToken) => Task.FromResult(1);

    public Task DeadLetterAsync(CheckpointLogRecord record, string reader, Exception failure, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Record {record.Key} should have been readable: {failure.Message}");
}
