using System.Globalization;
using System.Text;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Http;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Slack;

/// <summary>
/// <c>X-Slack-Signature: v0=</c> + HMAC-SHA256 of <c>v0:timestamp:body</c> under the signing secret, with
/// <c>X-Slack-Request-Timestamp</c> within <see cref="SlackSourceOptions.MaxClockSkew"/> of now: a replayed request keeps
/// its old timestamp, and changing it breaks the signature. https://api.slack.com/authentication/verifying-requests-from-slack
/// </summary>
internal sealed class SlackSignature : IWebhookSignature
{
    private const string Prefix = "v0=";

    public ExpectedSignature? Read(HttpContext context, out string? problem)
    {
        var slack = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Slack;
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var timestamp = context.Request.Headers["X-Slack-Request-Timestamp"].ToString();
        var signature = context.Request.Headers["X-Slack-Signature"].ToString();
        if (timestamp.Length == 0 || signature.Length == 0)
        {
            problem = "X-Slack-Request-Timestamp and X-Slack-Signature are required.";
            return null;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(now.ToUnixTimeSeconds() - seconds) > slack.MaxClockSkew.TotalSeconds)
        {
            problem = $"X-Slack-Request-Timestamp is not within {slack.MaxClockSkew.TotalMinutes:0} minutes of now; replayed or delayed requests are refused.";
            return null;
        }

        problem = "X-Slack-Signature does not match the request under the configured signing secret.";
        if (!signature.StartsWith(Prefix, StringComparison.Ordinal) || Secrets.DecodeHmac(signature.AsSpan(Prefix.Length)) is not { } hmac)
        {
            return null;
        }

        var expected = new ExpectedSignature(slack.SigningSecret!, Encoding.ASCII.GetBytes($"v0:{timestamp}:"), hmac, problem);
        problem = null;
        return expected;
    }
}
