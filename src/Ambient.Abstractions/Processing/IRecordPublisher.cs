namespace Ambient.Abstractions.Processing;

/// <summary>Writes records and completes only once the log acknowledged them (acks=all).</summary>
public interface IRecordPublisher
{
    /// <summary>Writes <paramref name="record"/>; throws when it could not be acknowledged.</summary>
    Task PublishAsync(OutgoingRecord record, CancellationToken cancellationToken);
}
