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
}
