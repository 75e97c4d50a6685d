using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Processing;

namespace Ambient.Testing.Runs;

/// <summary>
/// A publisher that keeps what it is given, in order, instead of writing it to Kafka; it can be told to fail (a broker
/// that does not acknowledge), for every record or only some.
/// </summary>
public sealed class InMemoryPublisher : IRecordPublisher
{
    private readonly Lock _lock = new();
    private readonly List<OutgoingRecord> _records = [];
    private Func<OutgoingRecord, Exception?>? _failure;

    /// <summary>Every acknowledged record, in publish order.</summary>
    public IReadOnlyList<OutgoingRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Records for which <paramref name="failure"/> returns an exception fail with it and are not kept, until <see cref="Heal"/>.</summary>
    public void FailWhen(Func<OutgoingRecord, Exception?> failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_lock)
        {
            _failure = failure;
        }
    }

    /// <summary>Every record fails with <paramref name="failure"/> until <see cref="Heal"/>.</summary>
    public void FailAll(Exception failure) => FailWhen(_ => failure);

    /// <summary>Records are acknowledged again.</summary>
    public void Heal()
    {
        lock (_lock)
        {
            _failure = null;
        }
    }

    /// <summary>The records published to <paramref name="topic"/>.</summary>
    public IReadOnlyList<OutgoingRecord> On(string topic) => [.. Records.Where(r => r.Topic == topic)];

    /// <summary>The action records published to <paramref name="topic"/> (the actions topic or the shadow topic), decoded.</summary>
    public IReadOnlyList<ActionRecord> Actions(string topic) => [.. On(topic).Select(r => AmbientRecordReader.Action(r.Value.ToArray()))];

    /// <summary>The audit records published to <paramref name="topic"/>, decoded.</summary>
    public IReadOnlyList<AuditRecord> Audits(string topic) => [.. On(topic).Select(r => AmbientRecordReader.Audit(r.Value.ToArray()))];

    /// <inheritdoc/>
    public Task PublishAsync(OutgoingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            if (_failure?.Invoke(record) is { } failure)
            {
                return Task.FromException(failure);
            }

            _records.Add(record);
        }

        return Task.CompletedTask;
    }
}
