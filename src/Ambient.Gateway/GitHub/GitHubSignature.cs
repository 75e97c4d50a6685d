using Ambient.Gateway.Configuration;
using Ambient.Gateway.Http;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.GitHub;

/// <summary>
/// <c>X-Hub-Signature-256: sha256=</c> + the HMAC-SHA256 of the raw body under the webhook secret.
/// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
/// </summary>
internal sealed class GitHubSignature : IWebhookSignature
{
    private const string Prefix = "sha256=";

    public ExpectedSignature? Read(HttpContext context, out string? problem)
    {
        var secret = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.GitHub.Secret!;
        var signature = context.Request.Headers["X-Hub-Signature-256"].ToString();
        if (signature.Length == 0)
        {
            problem = "X-Hub-Signature-256 is missing; configure the webhook with the shared secret.";
            return null;
        }

        problem = "X-Hub-Signature-256 does not match the body under the configured secret.";
        if (!signature.StartsWith(Prefix, StringComparison.Ordinal) || Secrets.DecodeHmac(signature.AsSpan(Prefix.Length)) is not { } hmac)
        {
            return null;
        }

        var expected = new ExpectedSignature(secret, [], hmac, problem);
        problem = null;
        return expected;
    }
}
