namespace Ambient.Gateway.Delivery;

/// <summary>What became of a delivery; each maps to one HTTP answer.</summary>
internal enum DeliveryOutcome
{
    /// <summary>Kafka acknowledged every event: 202.</summary>
    Accepted,

    /// <summary>Every event was already accepted before: 200, nothing written again.</summary>
    Duplicate,

    /// <summary>Kafka did not acknowledge in time (or the gateway is still rebuilding its memory): 503, the sender retries.</summary>
    Unavailable,

    /// <summary>An event is larger than its topic or the producer takes: 413, retrying cannot help.</summary>
    TooLarge,

    /// <summary>Kafka refused the write for a reason only configuration fixes (not authorized, no such topic): 500, never "retry".</summary>
    Refused,
}
