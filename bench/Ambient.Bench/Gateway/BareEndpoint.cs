using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Bench.Gateway;

/// <summary>
/// The baseline: Kestrel and a minimal API that reads the whole body and answers 202, with no signature check,
/// no parsing and no Kafka. What the gateway does above this is what its ratio measures.
/// </summary>
internal static class BareEndpoint
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{IPAddress.Loopback}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/webhooks/github", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return TypedResults.Accepted((string?)null);
        });
        return app;
    }
}
