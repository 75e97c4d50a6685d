using System.Globalization;

namespace Ambient.Abstractions.Events;

/// <summary>Where an event was read from: topic, partition and offset. Runs are keyed by it.</summary>
public readonly record struct EventCoordinates(string Topic, int Partition, long Offset)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Topic}/{Partition}@{Offset}");
}
