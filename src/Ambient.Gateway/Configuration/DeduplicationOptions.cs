namespace Ambient.Gateway.Configuration;

/// <summary>
/// <c>Ambient:Gateway:Deduplication</c>: how many delivery ids are remembered and for how long. At start the
/// memory is rebuilt from the last <see cref="Window"/> of the topics the gateway writes, so it survives restarts.
/// </summary>
public sealed class DeduplicationOptions
{
    /// <summary>Ids older than this are forgotten; senders retry for hours (GitHub manual redelivery: days), Slack for minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many ids are kept; the oldest go first.</summary>
    public int Capacity { get; set; } = 200_000;
}
