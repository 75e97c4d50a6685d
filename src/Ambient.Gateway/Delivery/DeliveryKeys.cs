namespace Ambient.Gateway.Delivery;

/// <summary>The de-duplication key of a CloudEvent; the same whether built at delivery or when rebuilding from Kafka.</summary>
internal static class DeliveryKeys
{
    // A line break cannot appear in a header value, so no ingress/source/id triple can collide with another.
    // Records written before the ingress header existed rebuild with an empty ingress, and match no new delivery.
    public static string For(string? ingress, string source, string id) => $"{ingress}\n{source}\n{id}";
}
