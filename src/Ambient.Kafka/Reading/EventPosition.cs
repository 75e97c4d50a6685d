namespace Ambient.Kafka.Reading;

/// <summary>Where a replay window starts or ends: an offset (the same on every partition) or a time.</summary>
public readonly record struct EventPosition(long? Offset, DateTimeOffset? Time)
{
    /// <summary>Parses <c>123</c> as an offset and anything else as an ISO 8601 time.</summary>
    /// <exception cref="FormatException">Neither.</exception>
    public static EventPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset))
        {
            return new EventPosition(offset, null);
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? new EventPosition(null, time)
            : throw new FormatException($"'{text}' is neither an offset (a whole number) nor a time (ISO 8601, e.g. 2026-11-23T08:00:00Z).");
    }
}
