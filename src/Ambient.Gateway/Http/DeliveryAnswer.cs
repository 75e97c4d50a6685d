namespace Ambient.Gateway.Http;

/// <summary>The body of a 202 or 200 answer: what the gateway did with which event ids.</summary>
/// <param name="Status"><c>accepted</c> (written to Kafka now), <c>duplicate</c> (written before, not again), or <c>pong</c> (GitHub's ping, nothing to write).</param>
/// <param name="Ids">The CloudEvent ids of the delivery.</param>
internal sealed record DeliveryAnswer(string Status, IReadOnlyList<string> Ids);
