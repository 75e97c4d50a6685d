namespace Ambient.Broker.Groups;

/// <summary>States of a classic consumer group (Kafka's <c>ClassicGroupState</c>).</summary>
internal enum GroupState
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}
