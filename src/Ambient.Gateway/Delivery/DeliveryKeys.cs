namespace Ambient.Gateway.Delivery;

/// <summary>The de-duplication key of a CloudEvent; the same whether built at delivery or when rebuilding from Kafka.</summary>
internal static class DeliveryKeys
{
    // A line break cannot appear in a header value, so no source/id pair can collide with another.
    public static string For(string source, string id) => $"{source}\n{id}";
}
