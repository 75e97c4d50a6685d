using System.Globalization;
using System.Text;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Slack;

/// <summary>
/// Refuses (401) a request whose <c>X-Slack-Signature</c> is not <c>v0=</c> + HMAC-SHA256 of <c>v0:timestamp:body</c>
/// under the signing secret, or whose <c>X-Slack-Request-Timestamp</c> is more than 5 minutes off: a replayed request
/// keeps its old timestamp, and changing it breaks the signature. https://api.slack.com/authentication/verifying-requests-from-slack
/// </summary>
internal sealed class SlackSignatureFilter : IEndpointFilter
{
    private const string Prefix = "v0=";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var slack = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Slack;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var timestamp = http.Request.Headers["X-Slack-Request-Timestamp"].ToString();
        var signature = http.Request.Headers["X-Slack-Signature"].ToString();
        if (timestamp.Length == 0 || signature.Length == 0)
        {
            return Problems.Unauthorized(http, "X-Slack-Request-Timestamp and X-Slack-Signature are required.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(now.ToUnixTimeSeconds() - seconds) > slack.MaxClockSkew.TotalSeconds)
        {
            return Problems.Unauthorized(http, $"X-Slack-Request-Timestamp is not within {slack.MaxClockSkew.TotalMinutes:0} minutes of now; replayed or delayed requests are refused.");
        }

        var basePrefix = Encoding.ASCII.GetBytes($"v0:{timestamp}:");
        if (!signature.StartsWith(Prefix, StringComparison.Ordinal) ||
            !Secrets.IsHmacSha256(slack.SigningSecret!, signature.AsSpan(Prefix.Length), basePrefix, BufferedBody.Get(http)))
        {
            return Problems.Unauthorized(http, "X-Slack-Signature does not match the request under the configured signing secret.");
        }

        return await next(context);
    }
}
