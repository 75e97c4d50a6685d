using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Ambient.Gateway.Http;

/// <summary>
/// The 202 or 200 answer to a delivery: what the gateway did with which event ids, as
/// <c>{"status":"accepted","ids":["..."]}</c>. Written in one piece with its length, so Kestrel sends headers and
/// body in one write at the end of the request (a serializer writing to the body would flush early and end a chunked
/// body with a second write: two sends per webhook on the gateway's hottest path).
/// </summary>
/// <param name="StatusCode">202 (accepted) or 200 (duplicate, pong).</param>
/// <param name="Status"><c>accepted</c> (written to Kafka now), <c>duplicate</c> (written before, not again), or <c>pong</c> (GitHub's ping, nothing to write).</param>
/// <param name="Ids">The CloudEvent ids of the delivery.</param>
internal sealed record DeliveryAnswer(int StatusCode, string Status, IReadOnlyList<string> Ids) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static DeliveryAnswer Accepted(IReadOnlyList<string> ids) => new(StatusCodes.Status202Accepted, "accepted", ids);

    public static DeliveryAnswer Duplicate(IReadOnlyList<string> ids) => new(StatusCodes.Status200OK, "duplicate", ids);

    public static DeliveryAnswer Pong() => new(StatusCodes.Status200OK, "pong", []);

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    string IContentTypeHttpResult.ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var body = new ArrayBufferWriter<byte>(64 + (Ids.Count * 48));
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("status"u8, Status);
            json.WriteStartArray("ids"u8);
            foreach (var id in Ids)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = body.WrittenCount;
        // Buffered by Kestrel's response pipe; it is sent with the headers when the request ends.
        response.BodyWriter.Write(body.WrittenSpan);
        return Task.CompletedTask;
    }

    /// <summary>Describes the answers for endpoint metadata (what <c>TypedResults.Accepted/Ok</c> declared before).</summary>
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status202Accepted, typeof(DeliveryAnswer), [JsonContentType]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DeliveryAnswer), [JsonContentType]));
    }
}
