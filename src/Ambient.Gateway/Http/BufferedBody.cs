namespace Ambient.Gateway.Http;

/// <summary>
/// The raw request body, read once by <see cref="BodyFilter"/> before signatures are checked (a signature covers
/// the exact bytes) and handed to the handler through the request's items.
/// </summary>
internal static class BufferedBody
{
    private static readonly object s_key = new();

    public static ReadOnlyMemory<byte> Get(HttpContext context) =>
        context.Items.TryGetValue(s_key, out var body) && body is ReadOnlyMemory<byte> bytes
            ? bytes
            : throw new InvalidOperationException("The body was not buffered; the endpoint needs a BodyFilter.");

    public static void Set(HttpContext context, ReadOnlyMemory<byte> body) => context.Items[s_key] = body;
}
